import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/** The report page's address: `?month=YYYY-MM` and optionally `orgId`; the month defaults to the last full one. */
export interface ReportParams {
  month: string;
  orgId?: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** The server refuses months before this one. */
export const FIRST_MONTH = '2000-01';

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month before the one `today` ('YYYY-MM-DD', committee zone) falls in: the last finished month. */
export const lastMonth = (today: string) => shiftMonth(today.slice(0, 7), -1);

/** Whether a report can be asked for: a real month, not before 2000 and not after the current one. */
export function isReportMonth(month: string, today: string): boolean {
  return MONTH.test(month) && month >= FIRST_MONTH && month <= today.slice(0, 7);
}

const first = (value: LocationQuery[string]) => (Array.isArray(value) ? value[0] : value) ?? undefined;

/** Reads the address; a missing, malformed or future month falls back to last month. */
export function reportParamsFromQuery(query: LocationQuery, today: string): ReportParams {
  const month = first(query.month);
  const orgId = Number(first(query.orgId));
  return {
    month: typeof month === 'string' && isReportMonth(month, today) ? month : lastMonth(today),
    orgId: Number.isInteger(orgId) && orgId > 0 && orgId <= 2147483647 ? orgId : undefined,
  };
}

/**
 * A month in the address that no report can be given for, and why: not a month, after the current one, or
 * before the first the server keeps. The page says so rather than showing last month in its place.
 */
export function unavailableMonth(query: LocationQuery, today: string): { month: string; reason: 'invalid' | 'future' | 'early' } | null {
  const month = first(query.month);
  if (typeof month !== 'string' || month === '' || isReportMonth(month, today)) return null;
  if (!MONTH.test(month)) return { month, reason: 'invalid' };
  return { month, reason: month > today.slice(0, 7) ? 'future' : 'early' };
}

/** A month whose report has nothing in it: no item had been issued by its end, so there is nothing to report. */
export const isEmptyMonth = (figures: { totalItems: number; closedTotal: number; newItems: number }) => figures.totalItems === 0 && figures.closedTotal === 0 && figures.newItems === 0;

export function reportParamsToQuery({ month, orgId }: ReportParams): LocationQueryRaw {
  return orgId ? { month, orgId: String(orgId) } : { month };
}

/** A change against last month as the report words it: up, down or unchanged, with its size. */
export function changeOf(delta: number | null): { direction: 'up' | 'down' | 'same' | 'none'; size: number } {
  if (delta === null) return { direction: 'none', size: 0 };
  // Rates come in percentage points with float noise (0.1 + 0.2); one decimal is what the report shows.
  const size = Math.abs(Math.round(delta * 10) / 10);
  if (size === 0) return { direction: 'same', size: 0 };
  return { direction: delta > 0 ? 'up' : 'down', size };
}
