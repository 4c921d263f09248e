import { addDays } from '../../lib/dates.js';

/** A calendar month in the committee's time zone, and the instants and days a report needs about it. */
export interface MonthPeriod {
  month: string;
  firstDay: string;
  lastDay: string;
  /** The first day of the next month: history before its midnight is "as of the month's end". */
  nextFirstDay: string;
}

export function monthPeriod(month: string): MonthPeriod {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const nextFirstDay = `${next}-01`;
  return { month, firstDay: `${month}-01`, lastDay: addDays(nextFirstDay, -1), nextFirstDay };
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const monthOf = (day: string) => day.slice(0, 7);
