import { dayOfWeek, type CalendarDay, type CalendarYears, type ReadNoticeBody, type ReadNoticeResult, type SaveCalendarYearBody, type SavedCalendarYear } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import type { AuthUser } from '../../plugins/auth.js';
import { noticeDays, readHolidayNotice } from './calendar.notice.js';
import { createCalendarRepository } from './calendar.repository.js';
import { reResolveWorkingDeadlines } from './calendar.reresolve.js';
import { forgetWorkingCalendar, resolveWorkingDeadline } from './calendar.store.js';

/** From this day of the year on, a missing calendar for next year is worth a warning (notices come out in November). */
const WARN_FROM = '11-01';

/** Refuses a list of days that cannot be a year's arrangement, naming the first day at fault. */
function checkDays(year: number, days: readonly CalendarDay[]) {
  const seen = new Set<string>();
  for (const d of days) {
    if (!d.date.startsWith(`${year}-`)) throw new AppError('calendar.day_outside_year', { message: `${d.date} 不在 ${year} 年内` });
    if (seen.has(d.date)) throw new AppError('calendar.day_repeated', { message: `${d.date} 出现了不止一次` });
    seen.add(d.date);
    const dow = dayOfWeek(d.date);
    if (d.kind === 'work' && dow !== 0 && dow !== 6) throw new AppError('calendar.work_day_on_weekday', { message: `${d.date} 是工作日（周一至周五），不必列为调休上班日` });
  }
}

export function createCalendarService({ db, today }: { db: Db; today: () => string }) {
  const repo = createCalendarRepository({ db });

  async function getYear(year: number) {
    const found = await repo.findYear(year);
    return { year, loaded: found.year !== null, source: (found.year?.source ?? null) as 'seed' | 'notice' | 'manual' | null, days: found.days };
  }

  return {
    getYear,

    async listYears(): Promise<CalendarYears> {
      const { years } = await repo.listYears();
      const day = today();
      const next = Number(day.slice(0, 4)) + 1;
      const missingNextYear = day.slice(5) >= WARN_FROM && !years.some((y) => y.year === next) ? next : null;
      return {
        items: years.map((y) => ({ ...y, source: y.source as 'seed' | 'notice' | 'manual', updatedAt: y.updatedAt.toISOString() })),
        missingNextYear,
      };
    },

    /** Replaces a year's days and, in the same transaction, resolves again the working-day deadlines it touches. */
    async saveYear(user: AuthUser, year: number, body: SaveCalendarYearBody): Promise<SavedCalendarYear> {
      checkDays(year, body.days);
      const { changed } = await db.transaction(async (tx) => {
        await createCalendarRepository({ db: tx }).replaceYear({ year, source: body.source ?? 'manual', days: body.days, by: user.id });
        return reResolveWorkingDeadlines(tx, { year, actorId: user.id });
      });
      forgetWorkingCalendar(db);
      return { ...(await getYear(year)), reResolved: changed };
    },

    readNotice(body: ReadNoticeBody): ReadNoticeResult {
      const reading = readHolidayNotice(body);
      if (!reading.ok) throw new AppError('calendar.notice_unreadable', { message: `无法识别通知内容：${reading.problems.join('；')}`, details: { problems: reading.problems } });
      return { year: reading.year, holidays: reading.holidays, days: noticeDays(reading.holidays) };
    },

    async resolve({ from, days }: { from: string; days: number }) {
      const { deadline, missingYears } = await resolveWorkingDeadline({ db, from, days });
      return { deadline, missingYears };
    },
  };
}
