import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { addDays } from '../../lib/dates.js';
import { itemsUnderPath } from '../items/items.query.js';

export interface DashboardArgs {
  scope: { id: number; path: string; depth: number };
  today: string;
  yellowDays: number;
  timeZone: string;
  from?: string;
  to?: string;
}

export type CountRow = {
  total: number;
  open: number;
  overdue: number;
  nearDeadline: number;
  closed: number;
  closedOnTime: number;
  closedLate: number;
  cancelled: number;
  issued: number;
  inProgress: number;
  closureRequested: number;
}

export const countKeys: (keyof CountRow)[] = ['total', 'open', 'overdue', 'nearDeadline', 'closed', 'closedOnTime', 'closedLate', 'cancelled', 'issued', 'inProgress', 'closureRequested'];

const dayStart = (day: string, timeZone: string) => sql`(${day}::timestamp AT TIME ZONE ${timeZone})`;

/** Items under the scope, issued within the period when one is given. */
function where({ scope, from, to, timeZone }: DashboardArgs): SQL {
  const filters = [itemsUnderPath(scope.path)];
  if (from) filters.push(sql`items.created_at >= ${dayStart(from, timeZone)}`);
  if (to) filters.push(sql`items.created_at < ${dayStart(addDays(to, 1), timeZone)}`);
  return sql.join(filters, sql` AND `);
}

/** The counts of one group, as FILTERed aggregates: one pass over the rows, whatever the number of figures. */
function counts({ today, yellowDays }: DashboardArgs): SQL {
  const open = sql`items.status IN ('issued', 'objected', 'in_progress', 'closure_requested')`;
  return sql`
    count(*) FILTER (WHERE items.status <> 'cancelled')::int AS "total",
    count(*) FILTER (WHERE ${open})::int AS "open",
    count(*) FILTER (WHERE ${open} AND items.deadline < ${today}::date)::int AS "overdue",
    count(*) FILTER (WHERE ${open} AND items.deadline >= ${today}::date AND items.deadline <= ${addDays(today, yellowDays)}::date)::int AS "nearDeadline",
    count(*) FILTER (WHERE items.status = 'closed')::int AS "closed",
    count(*) FILTER (WHERE items.status = 'closed' AND NOT COALESCE(items.closed_late, false))::int AS "closedOnTime",
    count(*) FILTER (WHERE items.status = 'closed' AND items.closed_late)::int AS "closedLate",
    count(*) FILTER (WHERE items.status = 'cancelled')::int AS "cancelled",
    count(*) FILTER (WHERE items.status = 'issued')::int AS "issued",
    count(*) FILTER (WHERE items.status = 'in_progress')::int AS "inProgress",
    count(*) FILTER (WHERE items.status = 'closure_requested')::int AS "closureRequested"`;
}

export type GroupRow = CountRow & { dim: 'total' | 'org' | 'category' | 'source' | 'review'; key: string | null };

/**
 * Every figure of the dashboard in one statement: GROUPING SETS aggregate the scoped items once per dimension,
 * then the per-organization rows are rolled up to the organizations directly under the scope (each with its
 * subtree) by their materialized paths. Nothing is looped over in JavaScript.
 */
export async function dashboardGroups(db: DbOrTx, args: DashboardArgs) {
  const childPosition = args.scope.depth + 3;
  const sums = sql.join(
    countKeys.map((k) => sql`sum(${sql.identifier(k)})::int AS ${sql.identifier(k)}`),
    sql`, `,
  );
  const plain = sql.join(countKeys.map((k) => sql.identifier(k)), sql`, `);
  const result = await db.execute<GroupRow>(sql`
    WITH agg AS (
      -- GROUPING(...) is a bit mask, org_id the highest bit: () → 15, org → 7, category → 11, source → 13, review → 14.
      SELECT GROUPING(items.org_id, items.category_id, items.source, items.review_id)::int AS g,
        items.org_id, items.category_id, items.source, items.review_id, ${counts(args)}
      FROM items
      WHERE ${where(args)}
      GROUP BY GROUPING SETS ((), (items.org_id), (items.category_id), (items.source), (items.review_id))
    )
    SELECT 'total' AS dim, NULL AS key, ${plain} FROM agg WHERE g = 15
    UNION ALL SELECT 'category', category_id::text, ${plain} FROM agg WHERE g = 11
    UNION ALL SELECT 'source', source, ${plain} FROM agg WHERE g = 13
    UNION ALL SELECT 'review', review_id::text, ${plain} FROM agg WHERE g = 14
    UNION ALL
    SELECT 'org', COALESCE(NULLIF(split_part(o.path, '/', ${childPosition}), ''), ${String(args.scope.id)}), ${sums}
    FROM agg JOIN orgs o ON o.id = agg.org_id
    WHERE agg.g = 7
    GROUP BY 2`);
  return result.rows;
}

/** Issued (by issue date) and closed (by closing date) per month, for the twelve months ending with `month`. */
export async function dashboardTrend(db: DbOrTx, { scope, timeZone, firstDay, endDay }: { scope: DashboardArgs['scope']; timeZone: string; firstDay: string; endDay: string }) {
  const result = await db.execute<{ month: string; issued: number; closed: number }>(sql`
    SELECT month, sum(issued)::int AS issued, sum(closed)::int AS closed FROM (
      SELECT to_char(items.created_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month, count(*) AS issued, 0 AS closed
      FROM items
      WHERE ${itemsUnderPath(scope.path)} AND items.created_at >= ${dayStart(firstDay, timeZone)} AND items.created_at < ${dayStart(endDay, timeZone)}
      GROUP BY 1
      UNION ALL
      SELECT to_char(items.closed_on, 'YYYY-MM'), 0, count(*)
      FROM items
      WHERE ${itemsUnderPath(scope.path)} AND items.status = 'closed' AND items.closed_on >= ${firstDay}::date AND items.closed_on < ${endDay}::date
      GROUP BY 1
    ) t GROUP BY month`);
  return result.rows;
}
