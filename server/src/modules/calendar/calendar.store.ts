import { createWorkingCalendar, type CalendarYear, type WorkingCalendar } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { createCalendarRepository } from './calendar.repository.js';

// Read on every list (working-day lights) and every working-day deadline, so kept briefly in memory, as the settings
// are; other instances see a saved year within this time.
const CACHE_MS = 5000;
const cache = new WeakMap<object, { calendar: WorkingCalendar; at: number }>();

export async function readWorkingCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const { years, days } = await createCalendarRepository({ db }).allDays();
  const byYear = new Map<number, CalendarYear>(years.map((year) => [year, { year, offDays: [], workDays: [] }]));
  for (const d of days) {
    const y = byYear.get(d.year)!;
    (d.kind === 'work' ? (y.workDays as string[]) : (y.offDays as string[])).push(d.date);
  }
  return createWorkingCalendar({ years: [...byYear.values()] });
}

/** The working-day calendar as loaded now (cached per database for a few seconds). */
export async function loadWorkingCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.calendar;
  const calendar = await readWorkingCalendar(db);
  cache.set(db, { calendar, at: Date.now() });
  return calendar;
}

export function forgetWorkingCalendar(db: DbOrTx) {
  cache.delete(db);
}

/**
 * The date a deadline of `days` working days counted from `from` falls on (`from` itself does not count), and the
 * years on the way that have no calendar: a non-empty `missingYears` makes the deadline provisional, to be shown as
 * such and resolved again once the year is loaded. Used for deadlines from issue and from 签收.
 */
export async function resolveWorkingDeadline({ db, from, days }: { db: DbOrTx; from: string; days: number }) {
  const { date, missingYears } = (await loadWorkingCalendar(db)).addWorkingDays({ from, days });
  return { deadline: date, provisional: missingYears.length > 0, missingYears };
}
