import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { countKeys, type CountRow, type DashboardArgs, type GroupRow } from './dashboard.query.js';

/**
 * The dashboard's figures read from `item_rollups` (migration 0007): per organization, the counts of its whole
 * subtree per dimension, kept by triggers on items and orgs inside every changing transaction. A read touches the
 * rows of the scope and its direct children only, however many items lie below them.
 */

const columnOf: Record<keyof CountRow, string> = {
  total: 'total',
  open: 'open',
  overdue: 'overdue',
  nearDeadline: 'near',
  closed: 'closed',
  closedOnTime: 'closed_on_time',
  closedLate: 'closed_late',
  cancelled: 'cancelled',
  issued: 'issued',
  inProgress: 'in_progress',
  closureRequested: 'closure_requested',
};

type RollupState = {
  as_of: string | null;
  yellow_days: number;
  time_zone: string;
};

/**
 * Brings the counts to the committee's day and yellow window before they are read: the first use counts everything
 * from the items; a new day (or window) moves only the items whose light changed. Both run under the rollups'
 * exclusive lock, so a concurrent change is counted either before or after, never half.
 */
export async function ensureRollups(db: Db, { today, yellowDays, timeZone }: { today: string; yellowDays: number; timeZone: string }) {
  const state = await readState(db);
  if (state.as_of === today && state.yellow_days === yellowDays && state.time_zone === timeZone) return { rebuilt: false };
  const rebuild = state.as_of === null || state.time_zone !== timeZone;
  await db.transaction(async (tx) => {
    if (rebuild) await tx.execute(sql`SELECT item_rollups_rebuild(${today}::date, ${yellowDays}::int, ${timeZone})`);
    else await tx.execute(sql`SELECT item_rollups_advance(${today}::date, ${yellowDays}::int)`);
  });
  return { rebuilt: rebuild };
}

/**
 * The database to read prepared counts from: a replica (`read`) whose counts are already at the committee's day and
 * window, else the primary (`write`) once it has brought them there. A replica that has not replayed the day's
 * advance yet would show yesterday's lights.
 */
export async function currentRollups({ read, write, ...args }: { read: Db; write: Db; today: string; yellowDays: number; timeZone: string }): Promise<Db> {
  if (read !== write) {
    const state = await readState(read);
    if (state.as_of === args.today && state.yellow_days === args.yellowDays && state.time_zone === args.timeZone) return read;
  }
  await ensureRollups(write, args);
  return write;
}

async function readState(db: DbOrTx): Promise<RollupState> {
  const { rows } = await db.execute<RollupState>(sql`SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of, yellow_days, time_zone FROM item_rollup_state`);
  return rows[0];
}

/** Moves the accumulated deltas into the totals (a job does this; reads are right either way). */
export async function foldRollups(db: DbOrTx) {
  const { rows } = await db.execute<{ moved: number }>(sql`SELECT item_rollups_fold() AS moved`);
  return { moved: Number(rows[0].moved) };
}

type Summed = CountRow & { orgId: number; dim: string; key: string; n: number };

/** The same rows as `dashboardGroups` (and the trend) computes from the items, for a scope without a period. */
export async function rollupGroups(db: DbOrTx, { scope }: Pick<DashboardArgs, 'scope'>, { firstMonth, lastMonth }: { firstMonth: string; lastMonth: string }) {
  const sums = sql.join(
    (Object.keys(columnOf) as (keyof CountRow)[]).map((k) => sql`sum(${sql.identifier(columnOf[k])})::int AS ${sql.identifier(k)}`),
    sql`, `,
  );
  const columns = sql.raw(['n', ...Object.values(columnOf)].join(', '));
  const { rows } = await db.execute<Summed>(sql`
    WITH ids AS (SELECT ${scope.id}::int AS id UNION ALL SELECT id FROM orgs WHERE parent_id = ${scope.id})
    SELECT org_id AS "orgId", dim, key, sum(n)::int AS n, ${sums}
    FROM (
      SELECT org_id, dim, key, ${columns} FROM item_rollups WHERE org_id IN (SELECT id FROM ids)
      UNION ALL
      SELECT org_id, dim, key, ${columns} FROM item_rollup_deltas WHERE org_id IN (SELECT id FROM ids)
    ) r
    WHERE org_id = ${scope.id} OR dim = 'total'
    GROUP BY org_id, dim, key
    HAVING sum(n) <> 0`);

  const own = rows.find((r) => r.orgId === scope.id && r.dim === 'total');
  const children = rows.filter((r) => r.orgId !== scope.id);
  const groups: GroupRow[] = [];
  const counts = (r: CountRow): CountRow => Object.fromEntries(countKeys.map((k) => [k, r[k]])) as CountRow;
  if (own) {
    groups.push({ dim: 'total', key: null, ...counts(own) });
    for (const child of children) groups.push({ dim: 'org', key: String(child.orgId), ...counts(child) });
    // Items held by the scope organization itself: its subtree less its children's subtrees.
    const ownN = own.n - children.reduce((sum, c) => sum + c.n, 0);
    if (ownN > 0) {
      const itself = Object.fromEntries(countKeys.map((k) => [k, own[k] - children.reduce((sum, c) => sum + c[k], 0)])) as CountRow;
      groups.push({ dim: 'org', key: String(scope.id), ...itself });
    }
  }
  for (const r of rows.filter((r) => r.orgId === scope.id)) {
    if (r.dim === 'category' || r.dim === 'source' || r.dim === 'review') groups.push({ dim: r.dim, key: r.key === '' ? null : r.key, ...counts(r) });
  }
  const trend = new Map<string, { month: string; issued: number; closed: number }>();
  for (const r of rows.filter((r) => r.orgId === scope.id && (r.dim === 'issued_month' || r.dim === 'closed_month'))) {
    if (r.key < firstMonth || r.key > lastMonth) continue;
    const month = trend.get(r.key) ?? { month: r.key, issued: 0, closed: 0 };
    if (r.dim === 'issued_month') month.issued += r.n;
    else month.closed += r.n;
    trend.set(r.key, month);
  }
  return { groups, trend: [...trend.values()] };
}
