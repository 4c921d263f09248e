/**
 * Working days under the State Council's yearly arrangement: a loaded year lists its days off that fall on weekdays
 * (and the holidays' weekend days) and its make-up working days on weekends (调休). Outside those lists a Saturday or
 * Sunday is a day off and any other day a working day. A year with nothing loaded is not "no holidays": every answer
 * that crossed such a year names it in `missingYears`, so callers can flag the result instead of trusting it.
 *
 * Dates are `YYYY-MM-DD` strings, free of any time zone.
 */
export interface CalendarYear {
  year: number;
  offDays: readonly string[];
  workDays: readonly string[];
}

export interface WorkingCalendar {
  hasYear(year: number): boolean;
  /** Whether the day is a working day, and whether that answer rests on a loaded year. */
  isWorkingDay(date: string): boolean;
  /** The `days`-th working day after `from` (`from` itself never counts); `days` ≥ 1. */
  addWorkingDays(input: { from: string; days: number }): { date: string; missingYears: number[] };
  /** Working days from `from` to `to`, both inclusive (0 when `to` is before `from`). */
  countWorkingDays(input: { from: string; to: string }): { count: number; missingYears: number[] };
}

/** Far enough for any deadline a rule sets in working days (a year's worth is about 250). */
const MAX_WORKING_DAYS = 1000;

const DAY_MS = 86_400_000;

export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function nextDay(date: string, days = 1): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const yearOf = (date: string) => Number(date.slice(0, 4));

export function createWorkingCalendar({ years }: { years: readonly CalendarYear[] }): WorkingCalendar {
  const loaded = new Set(years.map((y) => y.year));
  const off = new Set(years.flatMap((y) => y.offDays));
  const work = new Set(years.flatMap((y) => y.workDays));

  const isWorkingDay = (date: string) => {
    if (work.has(date)) return true;
    if (off.has(date)) return false;
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6;
  };

  const missingBetween = (from: string, to: string) => {
    const missing: number[] = [];
    for (let y = yearOf(from); y <= yearOf(to); y++) if (!loaded.has(y)) missing.push(y);
    return missing;
  };

  return {
    hasYear: (year) => loaded.has(year),
    isWorkingDay,

    addWorkingDays({ from, days }) {
      if (!Number.isInteger(days) || days < 1 || days > MAX_WORKING_DAYS) throw new RangeError(`working days must be 1…${MAX_WORKING_DAYS}`);
      let date = from;
      for (let left = days; left > 0; ) {
        date = nextDay(date);
        if (isWorkingDay(date)) left--;
      }
      return { date, missingYears: missingBetween(nextDay(from), date) };
    },

    countWorkingDays({ from, to }) {
      let count = 0;
      for (let date = from; date <= to; date = nextDay(date)) if (isWorkingDay(date)) count++;
      return { count, missingYears: to < from ? [] : missingBetween(from, to) };
    },
  };
}

/**
 * `yellowDays` working days from `today` as calendar days, so a light window counted in working days reads like one
 * counted in calendar days (and the deadline indexes still serve it).
 */
export function workingWindowInCalendarDays({ calendar, today, days }: { calendar: WorkingCalendar; today: string; days: number }): number {
  if (days < 1) return days;
  return daysBetween(today, calendar.addWorkingDays({ from: today, days }).date);
}
