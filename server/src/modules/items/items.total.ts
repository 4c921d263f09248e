import { sql, type SQL } from 'drizzle-orm';
import { SEARCH_COUNT_CAP, itemStatuses, type ItemListQuery } from '@rectify/shared';
import { openStatuses } from './items.workflow.js';
import { orgIdOfPath } from '../../lib/scope.js';
import { splitCsv, type LightContext } from './items.query.js';

const statusColumn = { issued: 'issued', in_progress: 'in_progress', closure_requested: 'closure_requested', closed: 'closed', cancelled: 'cancelled' } as const;
const lightSum = { red: 'overdue', yellow: 'near', green: 'open - overdue - near' } as const;

/**
 * Which prepared count answers a list's total, if any: the scope's subtree row of `item_rollups` (migration 0007)
 * for at most one of category / source / review, summed over the statuses or lights asked for. Any other filter,
 * or statuses and lights together, and the total is counted from the items.
 */
export function preparedCountOf(query: ItemListQuery): { dim: string; key: string; sum: string; byDay: boolean } | null {
  const other = query.type || query.commonProblemId || query.awaiting || query.reviewLevel || query.responsible?.trim() || query.deadlineFrom || query.deadlineTo || query.q?.trim();
  const dims: Array<[string, string]> = [];
  if (query.categoryId) dims.push(['category', String(query.categoryId)]);
  if (query.source) dims.push(['source', query.source]);
  if (query.reviewId) dims.push(['review', String(query.reviewId)]);
  if (other || dims.length > 1) return null;
  const [dim, key] = dims[0] ?? ['total', ''];
  // Every open status together is the prepared `open` (有异议 among them, migrations/0027), as the ledger's open items
  // are read first in its default order.
  const asked = new Set(splitCsv(query.status, itemStatuses));
  if (asked.size === openStatuses.length && openStatuses.every((s) => asked.has(s)) && !query.light && query.overdue === undefined) return { dim, key, sum: 'open', byDay: false };
  // 有异议 has no prepared count of its own: a list of objected items is counted from the items (they are few).
  if (splitCsv(query.status, ['objected'] as const).length) return null;
  const statuses = [...new Set(splitCsv(query.status, Object.keys(statusColumn) as (keyof typeof statusColumn)[]))];
  const lights = [...new Set(splitCsv(query.light, Object.keys(lightSum) as (keyof typeof lightSum)[]))];
  const byLight = lights.length > 0 || query.overdue !== undefined;
  if (statuses.length && byLight) return null;
  if (lights.length && query.overdue !== undefined) return null;
  if (statuses.length) return { dim, key, sum: statuses.map((s) => statusColumn[s]).join(' + '), byDay: false };
  if (lights.length) return { dim, key, sum: lights.map((l) => `(${lightSum[l]})`).join(' + '), byDay: true };
  if (query.overdue !== undefined) return { dim, key, sum: query.overdue ? 'overdue' : 'n - overdue', byDay: true };
  return { dim, key, sum: 'n', byDay: false };
}

/**
 * Whether a list's count stops one past SEARCH_COUNT_CAP: a text search's matches are counted from the rows
 * themselves (the trigram index must be rechecked against each), so counting every match of a common phrase would
 * grow with the data.
 */
export const countIsCapped = (query: ItemListQuery) => Boolean(query.q?.trim());

/**
 * The list's total as SQL expressions: `prepared` reads the prepared counts, when the filters allow, and is NULL
 * until they are built (and, for lights, brought to today) — a read of a row or two instead of counting half a
 * million items for a whole committee; `counted()` counts the items with `where()`, the page's filters over the
 * items alone. The page's statement carries `prepared` where there is one and builds and runs the count only when it
 * is NULL: a page is planned on every request, and planning a count it will not run costs as much as running the page.
 */
export interface TotalSql {
  prepared: SQL | null;
  counted: () => SQL;
}

export function totalSql(query: ItemListQuery, { scopePath, light, where }: { scopePath: string; light: LightContext; where: () => SQL }): TotalSql {
  const counted = () =>
    countIsCapped(query)
      ? sql`(SELECT count(*)::int FROM (SELECT 1 FROM "items" WHERE ${where()} LIMIT ${SEARCH_COUNT_CAP + 1}) matched)`
      : sql`(SELECT count(*)::int FROM "items" WHERE ${where()})`;
  const wanted = preparedCountOf(query);
  if (!wanted) return { prepared: null, counted };
  const scopeId = orgIdOfPath(scopePath);
  const sum = sql.raw(wanted.sum);
  const usable = wanted.byDay ? sql`s.as_of = ${light.today}::date AND s.yellow_days = ${light.yellowDays}` : sql`s.as_of IS NOT NULL`;
  const prepared = sql`(SELECT CASE WHEN ${usable} THEN (SELECT COALESCE(sum(${sum}), 0)::int FROM (
        SELECT n, open, overdue, near, issued, in_progress, closure_requested, closed, cancelled
        FROM item_rollups WHERE org_id = ${scopeId} AND dim = ${wanted.dim} AND key = ${wanted.key}
        UNION ALL
        SELECT n, open, overdue, near, issued, in_progress, closure_requested, closed, cancelled
        FROM item_rollup_deltas WHERE org_id = ${scopeId} AND dim = ${wanted.dim} AND key = ${wanted.key}
      ) r) END FROM item_rollup_state s)`;
  return { prepared, counted };
}
