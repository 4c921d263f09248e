/**
 * The rates every view of the ledger shows (dashboard, ranking, reviews, common problems, monthly report), defined
 * once so that a leader reading any of them gets the same picture (docs/supervision.md, 整改完成率):
 *
 * - 整改完成率 `completionRate` = 已销号 ÷ (事项总数 − 已撤销): of the items that still count, how many are closed.
 * - 按期销号率 `onTimeRate` = 按期销号 ÷ (已销号 + 逾期未销号): of the items whose outcome against their deadline
 *   is settled (closed, or still open past the deadline), how many were closed by it.
 * - 逾期未销号 `overdueOpen`: open items past their deadline, as a count.
 *
 * A rate with nothing to divide by is null (shown as —), never 0 or 100 %.
 */
export interface RateCounts {
  /** every item, cancelled ones included */
  total: number;
  cancelled: number;
  closed: number;
  /** closed by the deadline in force (closed, not 逾期销号) */
  closedOnTime: number;
  overdueOpen: number;
}

export interface Rates {
  completionRate: number | null;
  onTimeRate: number | null;
  overdueOpen: number;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function rates({ total, cancelled, closed, closedOnTime, overdueOpen }: RateCounts): Rates {
  return { completionRate: ratio(closed, total - cancelled), onTimeRate: ratio(closedOnTime, closed + overdueOpen), overdueOpen };
}
