import { sql } from 'drizzle-orm';
import { dayOfWeek, nextDay, workingWindowInCalendarDays, type CalendarDay } from '@rectify/shared';
import type { Db } from '../src/db/client.js';
import type { AuthUser } from '../src/plugins/auth.js';
import { createCalendarService } from '../src/modules/calendar/calendar.service.js';
import { readWorkingCalendar } from '../src/modules/calendar/calendar.store.js';

/**
 * The yellow window counted in working days (系统设置 → 临期与提醒按工作日计算): the setting is turned on and the end of
 * the window, as a calendar day, is returned for the baseline's lights. The API reads settings every few seconds, so
 * the caller waits `settleMs` before measuring. `restore` turns it off again.
 */
export async function workingDayWindows(db: Db, { today, yellowDays }: { today: string; yellowDays: number }) {
  await db.execute(sql`INSERT INTO "settings" ("key", "value") VALUES ('workingDayWindows', 'true'::jsonb)
    ON CONFLICT ("key") DO UPDATE SET "value" = 'true'::jsonb, "updated_at" = now()`);
  const calendar = await readWorkingCalendar(db);
  const days = workingWindowInCalendarDays({ calendar, today, days: yellowDays });
  return {
    days,
    yellowUntil: nextDay(today, days),
    settleMs: 5500,
    async restore() {
      await db.execute(sql`DELETE FROM "settings" WHERE "key" = 'workingDayWindows'`);
    },
  };
}

/** A plausible arrangement for a year no notice has been read for: the fixed holidays off, make-up Saturdays at work. */
function arrangement(year: number): CalendarDay[] {
  const span = (name: string, from: string, count: number) => Array.from({ length: count }, (_, i) => ({ date: nextDay(`${year}-${from}`, i), kind: 'off' as const, name }));
  const off = [...span('元旦', '01-01', 3), ...span('春节', '02-06', 8), ...span('清明节', '04-03', 3), ...span('劳动节', '05-01', 5), ...span('端午节', '06-09', 3), ...span('国庆节', '10-01', 7)];
  const work = [`${year}-02-20`, `${year}-04-25`, `${year}-09-26`, `${year}-10-09`]
    .filter((date) => [0, 6].includes(dayOfWeek(date)))
    .map((date) => ({ date, kind: 'work' as const, name: '调休' }));
  return [...off, ...work];
}

/**
 * A new year's calendar pasted in (系统管理 → 工作日历): open items due in `year`, which no calendar covers yet, are given
 * as 15 working days from three weeks before their deadline, provisional, as a committee using working-day deadlines
 * would have them; saving the year then resolves every one of them again and re-lights the changed ones, in one
 * transaction. `restore` puts the items back as they were and removes the year (their history rows stay: it is
 * append-only, and the other measurements do not read them).
 */
export async function prepareCalendarPaste(db: Db, { year, actor, today }: { year: number; actor: string; today: string }) {
  const { rows: originals } = await db.execute<{ id: number; deadline: string; originalDeadline: string; version: number }>(sql`
    UPDATE "items" i SET "deadline_working_days" = 15, "deadline_basis" = 'issue', "deadline_from" = i."deadline" - 21, "deadline_provisional" = true
    WHERE i."status" IN ('issued', 'in_progress', 'closure_requested') AND i."extension_count" = 0
      AND i."deadline" >= ${`${year}-01-01`}::date AND i."deadline" - 21 >= ${`${year - 2}-01-01`}::date
      AND i."deadline" - 21 <= ${`${year}-12-31`}::date
    RETURNING i."id", to_char(i."deadline", 'YYYY-MM-DD') AS "deadline", to_char(i."original_deadline", 'YYYY-MM-DD') AS "originalDeadline", i."version"`);
  const { rows: [user] } = await db.execute<{ id: number }>(sql`SELECT "id" FROM "users" WHERE "username" = ${actor}`);
  const service = createCalendarService({ db, today: () => today });
  return {
    count: originals.length,
    paste: () => service.saveYear({ id: Number(user.id) } as AuthUser, year, { source: 'notice', days: arrangement(year) }),
    async restore() {
      await db.execute(sql`
        UPDATE "items" i SET "deadline" = o."deadline", "original_deadline" = o."original_deadline", "version" = o."version",
          "deadline_working_days" = NULL, "deadline_basis" = NULL, "deadline_from" = NULL, "deadline_provisional" = false
        FROM unnest(${sql.param(originals.map((o) => Number(o.id)))}::bigint[], ${sql.param(originals.map((o) => o.deadline))}::date[],
          ${sql.param(originals.map((o) => o.originalDeadline))}::date[], ${sql.param(originals.map((o) => Number(o.version)))}::int[])
          AS o("id", "deadline", "original_deadline", "version")
        WHERE i."id" = o."id"`);
      await db.execute(sql`DELETE FROM "calendar_years" WHERE "year" = ${year}`);
    },
  };
}
