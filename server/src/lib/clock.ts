/** The app's notion of now; tests pass a fixed or movable clock instead of patching Date. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(start: Date | string): Clock & { set(d: Date | string): void; advanceDays(n: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (d) => {
      current = new Date(d);
    },
    advanceDays: (n) => {
      current = new Date(current.getTime() + n * 86400000);
    },
  };
}

// Building an Intl.DateTimeFormat costs far more than formatting with one, and every request asks for today.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
// Formatting still costs a few microseconds per request. Every time zone in use today is offset from UTC by whole
// minutes, so a date can only change at the turn of a minute: the last answer per zone holds for its whole minute.
const lastDays = new Map<string, { minute: number; day: string }>();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateInZone(instant: Date, timeZone: string): string {
  const minute = Math.floor(instant.getTime() / 60000);
  const last = lastDays.get(timeZone);
  if (last?.minute === minute) return last.day;
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const day = format.format(instant);
  lastDays.set(timeZone, { minute, day });
  return day;
}
