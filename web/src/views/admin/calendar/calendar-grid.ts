import type { CalendarDay } from '@rectify/shared';

export interface GridCell {
  date: string;
  day: number;
  /** `off` and `work` as the year lists them; `weekend` and `weekday` for the rest. */
  kind: 'off' | 'work' | 'weekend' | 'weekday';
  name: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * One month as weeks of seven cells starting on Monday (null outside the month), each day marked as the year's
 * calendar has it: what the month view shows.
 */
export function monthGrid({ year, month, days }: { year: number; month: number; days: readonly CalendarDay[] }): (GridCell | null)[][] {
  const byDate = new Map(days.map((d) => [d.date, d]));
  const first = new Date(Date.UTC(year, month - 1, 1));
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (GridCell | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= length; d++) {
    const date = `${year}-${pad(month)}-${pad(d)}`;
    const listed = byDate.get(date);
    const dow = (lead + d - 1) % 7;
    cells.push({ date, day: d, kind: listed?.kind ?? (dow >= 5 ? 'weekend' : 'weekday'), name: listed?.name ?? null });
  }
  while (cells.length % 7) cells.push(null);
  const weeks: (GridCell | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The year's holidays in order, each with its days off and make-up days, for the list beside the months. */
export function holidaysOf(days: readonly CalendarDay[]) {
  const groups = new Map<string, { name: string; off: string[]; work: string[] }>();
  for (const d of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    const g = groups.get(d.name) ?? { name: d.name, off: [], work: [] };
    (d.kind === 'off' ? g.off : g.work).push(d.date);
    groups.set(d.name, g);
  }
  return [...groups.values()].sort((a, b) => (a.off[0] ?? a.work[0]).localeCompare(b.off[0] ?? b.work[0]));
}
