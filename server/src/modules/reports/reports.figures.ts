import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { REPORT_OVERDUE_LIST_CAP } from '@rectify/shared';
import type { MonthPeriod } from './reports.period.js';
import { allRead, type ReadLanes } from '../../db/snapshot-readers.js';

export interface Scope {
  id: number;
  path: string;
  depth: number;
}

export type FigureRow = {
  newItems: number;
  closed: number;
  closedOnTime: number;
  closedLate: number;
  totalItems: number;
  closedTotal: number;
  /** closed by the month end, by the deadline in force (按期销号 so far): 按期销号率's numerator */
  closedOnTimeTotal: number;
  open: number;
  overdue: number;
}

const zero: FigureRow = { newItems: 0, closed: 0, closedOnTime: 0, closedLate: 0, totalItems: 0, closedTotal: 0, closedOnTimeTotal: 0, open: 0, overdue: 0 };

/** The first instant of a calendar day in the committee's time zone. */
export const dayStart = (day: string, timeZone: string) => sql`(${day}::timestamp AT TIME ZONE ${timeZone})`;

function scopeCondition(scope: Scope): SQL {
  if (!/^[\d/]+$/.test(scope.path)) throw new Error('invalid organization path');
  return sql`o.path LIKE ${scope.path + '%'}`;
}

/**
 * Every item under the scope as it stood at the month's end. An item with no history row since then stands as it
 * does now, read from `items`: every change to its status, deadline, category or closure writes a history row
 * (`reports.asof.test.ts` holds this for every kind of change). The items changed since are reconstructed from their
 * append-only history alone: issued (first `created` row), status (last row that set one), deadline (last of created /
 * approved extension / reopening / edited deadline / 签收 of a deadline counted from it), category (as edited by then),
 * and its closure. On the 1st, when the monthly job runs, nearly every item is read from `items`, and the replay is
 * left to the few changed since.
 */
function asOfItems({ scope, period, timeZone, part }: { scope: Scope; period: MonthPeriod; timeZone: string; part?: Part }): SQL {
  const end = dayStart(period.nextFirstDay, timeZone);
  const inPart = (column: SQL) => (part && part.of > 1 ? sql` AND ${column} % ${part.of} = ${part.index}` : sql``);
  return sql`
    scoped AS (
      SELECT i.id, i.org_id, i.category_id AS current_category, o.path, i.created_at, i.status, i.deadline, i.closed_at, i.closed_late
      FROM items i JOIN orgs o ON o.id = i.org_id
      WHERE ${scopeCondition(scope)}${inPart(sql`i.id`)}
    ),
    changed AS MATERIALIZED (SELECT DISTINCT item_id AS id FROM item_history WHERE at >= ${end}${inPart(sql`item_id`)}),
    replayed AS (SELECT s.* FROM scoped s WHERE EXISTS (SELECT 1 FROM changed c WHERE c.id = s.id)),
    -- Each changed item's rows before the month's end, read through its history index (a few rows each, newest
    -- first): the first element of each ordered array_agg is the last row of its kind before the month's end.
    -- Joining the whole history to the changed items hashed or sorted all of it.
    replay AS (
      SELECT s.id AS item_id, x.*
      FROM replayed s CROSS JOIN LATERAL (
        SELECT
          min(h.at) FILTER (WHERE h.action = 'created') AS created_at,
          (array_agg(h.to_status ORDER BY h.at DESC, h.id DESC) FILTER (WHERE h.to_status IS NOT NULL))[1] AS status,
          ((array_agg(CASE h.action WHEN 'created' THEN h.data->>'deadline' WHEN 'approve_extension' THEN h.data->>'deadlineAfter'
              WHEN 'reopened' THEN h.data->>'deadline' ELSE h.changes->'deadline'->>'after' END ORDER BY h.at DESC, h.id DESC)
            FILTER (WHERE h.action IN ('created', 'approve_extension', 'reopened') OR (h.action IN ('updated', 'start') AND h.changes ? 'deadline')))[1])::date AS deadline,
          (array_agg(h.at ORDER BY h.at DESC, h.id DESC) FILTER (WHERE h.action = 'approve_closure'))[1] AS closed_at,
          (array_agg((h.data->>'closedLate')::boolean ORDER BY h.at DESC, h.id DESC) FILTER (WHERE h.action = 'approve_closure'))[1] AS late
        FROM item_history h
        WHERE h.item_id = s.id AND h.at < ${end}
      ) x
    ),
    cat_edits AS (
      SELECT ch.item_id, ch.at, ch.id, ch.changes->'categoryId' AS edit
      FROM item_history ch JOIN replayed s ON s.id = ch.item_id
      WHERE ch.action = 'updated' AND ch.changes ? 'categoryId'
    ),
    cat_before AS (
      SELECT DISTINCT ON (item_id) item_id, (edit->>'after')::int AS category_id
      FROM cat_edits WHERE at < ${end} ORDER BY item_id, at DESC, id DESC
    ),
    cat_after AS (
      SELECT DISTINCT ON (item_id) item_id, (edit->>'before')::int AS category_id
      FROM cat_edits WHERE at >= ${end} ORDER BY item_id, at, id
    ),
    asof AS (
      SELECT s.id, s.org_id, s.path, r.created_at, r.status, r.deadline, r.closed_at,
        COALESCE(r.late, (r.closed_at AT TIME ZONE ${timeZone})::date > r.deadline) AS closed_late,
        CASE WHEN cb.item_id IS NOT NULL THEN cb.category_id WHEN ca.item_id IS NOT NULL THEN ca.category_id ELSE s.current_category END AS category_id
      FROM replayed s
      JOIN replay r ON r.item_id = s.id AND r.created_at IS NOT NULL AND r.status IS NOT NULL
      LEFT JOIN cat_before cb ON cb.item_id = s.id
      LEFT JOIN cat_after ca ON ca.item_id = s.id
      UNION ALL
      SELECT s.id, s.org_id, s.path, s.created_at, s.status, s.deadline, s.closed_at,
        COALESCE(s.closed_late, (s.closed_at AT TIME ZONE ${timeZone})::date > s.deadline) AS closed_late, s.current_category
      FROM scoped s
      WHERE NOT EXISTS (SELECT 1 FROM changed c WHERE c.id = s.id)
    )`;
}

// An objected item (有异议) is still open: the committee has yet to transfer, correct or cancel it.
const openStatus = sql`status IN ('issued', 'objected', 'in_progress', 'closure_requested')`;
const openStatusOf = (alias: string) => sql.raw(`${alias}.status IN ('issued', 'objected', 'in_progress', 'closure_requested')`);

function counts({ period, timeZone, asOfDay }: { period: MonthPeriod; timeZone: string; asOfDay: string }): SQL {
  const start = dayStart(period.firstDay, timeZone);
  return sql`
    count(*) FILTER (WHERE created_at >= ${start})::int AS "newItems",
    count(*) FILTER (WHERE status = 'closed' AND closed_at >= ${start})::int AS "closed",
    count(*) FILTER (WHERE status = 'closed' AND closed_at >= ${start} AND NOT closed_late)::int AS "closedOnTime",
    count(*) FILTER (WHERE status = 'closed' AND closed_at >= ${start} AND closed_late)::int AS "closedLate",
    count(*) FILTER (WHERE status <> 'cancelled')::int AS "totalItems",
    count(*) FILTER (WHERE status = 'closed')::int AS "closedTotal",
    count(*) FILTER (WHERE status = 'closed' AND NOT closed_late)::int AS "closedOnTimeTotal",
    count(*) FILTER (WHERE ${openStatus})::int AS "open",
    count(*) FILTER (WHERE ${openStatus} AND deadline < ${asOfDay}::date)::int AS "overdue"`;
}

/** One of `of` disjoint parts of the scope's items (by id), which can be counted apart and added up. */
export type Part = { of: number; index: number };

type GroupedRow = FigureRow & { gOrg: number; gCat: number; orgKey: number | null; categoryId: number | null };

export type OverdueRow = {
  itemId: number;
  code: string;
  title: string;
  orgName: string;
  categoryName: string | null;
  deadline: string;
  status: string;
  responsiblePerson: string | null;
}

const strip = (r: GroupedRow): FigureRow => ({
  newItems: r.newItems,
  closed: r.closed,
  closedOnTime: r.closedOnTime,
  closedLate: r.closedLate,
  totalItems: r.totalItems,
  closedTotal: r.closedTotal,
  closedOnTimeTotal: r.closedOnTimeTotal,
  open: r.open,
  overdue: r.overdue,
});

type MonthFigures = {
  total: FigureRow;
  byOrg: (FigureRow & { orgId: number })[];
  byCategory: (FigureRow & { categoryId: number | null })[];
  overdue: OverdueRow[];
};

/**
 * The month's figures for the whole scope, per organization directly under it (each with its subtree) and per
 * category (GROUPING SETS), and the items open and past their deadline at the month's end, earliest deadline first
 * (at most REPORT_OVERDUE_LIST_CAP of them).
 * The history is replayed once for both: `keyed` is used twice, so PostgreSQL materializes it; replaying it per
 * figure made the monthly job grow faster than the data (each replay sorts the history and spills to disk).
 * With readers side by side (`read.width` > 1), the items are counted in that many parts at once and added up: the
 * replay of the items changed since the month's end is most of the monthly job at 1,000,000 items.
 */
export async function monthFigures(read: ReadLanes, args: { scope: Scope; period: MonthPeriod; timeZone: string; asOfDay: string }): Promise<MonthFigures> {
  if (read.width < 2) return read((db) => monthFiguresOf(db, args));
  const parts = await allRead(Array.from({ length: read.width }, (_, index) => read((db) => monthFiguresOf(db, { ...args, part: { of: read.width, index } }))));
  return addParts(parts);
}

const add = (a: FigureRow, b: FigureRow): FigureRow => ({
  newItems: a.newItems + b.newItems,
  closed: a.closed + b.closed,
  closedOnTime: a.closedOnTime + b.closedOnTime,
  closedLate: a.closedLate + b.closedLate,
  totalItems: a.totalItems + b.totalItems,
  closedTotal: a.closedTotal + b.closedTotal,
  closedOnTimeTotal: a.closedOnTimeTotal + b.closedOnTimeTotal,
  open: a.open + b.open,
  overdue: a.overdue + b.overdue,
});
function addBy<K, R extends FigureRow>(rows: R[], key: (r: R) => K): R[] {
  const sums = new Map<K, R>();
  for (const r of rows) {
    const sum = sums.get(key(r));
    sums.set(key(r), sum ? { ...sum, ...add(sum, r) } : r);
  }
  return [...sums.values()];
}
/** Codes compare by their bytes, as the statement's ORDER BY … COLLATE "C" does. */
const byDeadlineThen = <T extends OverdueRow>(tie: (a: T, b: T) => number) => (a: T, b: T) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : tie(a, b));
const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function addParts(parts: MonthFigures[]): MonthFigures {
  // Each part's longest overdue are its first by (deadline, id); the scope's are the first of them all.
  const overdue = parts
    .flatMap((p) => p.overdue)
    .sort(byDeadlineThen((a, b) => a.itemId - b.itemId))
    .slice(0, REPORT_OVERDUE_LIST_CAP)
    .sort(byDeadlineThen((a, b) => byBytes(a.code, b.code)));
  return {
    total: parts.map((p) => p.total).reduce(add),
    byOrg: addBy(parts.flatMap((p) => p.byOrg), (r) => r.orgId),
    byCategory: addBy(parts.flatMap((p) => p.byCategory), (r) => r.categoryId),
    overdue,
  };
}

async function monthFiguresOf(db: DbOrTx, args: { scope: Scope; period: MonthPeriod; timeZone: string; asOfDay: string; part?: Part }): Promise<MonthFigures> {
  // Position of the child-of-scope id in the path: '/1/5/23/' split on '/' gives '', '1', '5', '23', ''.
  const childPosition = args.scope.depth + 3;
  const result = await db.execute<{ grouped: GroupedRow[] | null; overdue: OverdueRow[] | null }>(sql`
    WITH ${asOfItems(args)},
    keyed AS (SELECT *, COALESCE(NULLIF(split_part(path, '/', ${childPosition}), '')::int, ${args.scope.id}) AS org_key FROM asof),
    grouped AS (
      SELECT GROUPING(org_key)::int AS "gOrg", GROUPING(category_id)::int AS "gCat", org_key AS "orgKey", category_id AS "categoryId", ${counts(args)}
      FROM keyed
      GROUP BY GROUPING SETS ((), (org_key), (category_id))
    ),
    longest AS (
      SELECT a.id, a.org_id, a.category_id, a.deadline, a.status FROM keyed a
      WHERE ${openStatusOf('a')} AND a.deadline < ${args.asOfDay}::date
      ORDER BY a.deadline, a.id LIMIT ${REPORT_OVERDUE_LIST_CAP}
    ),
    late AS (
      SELECT a.id AS "itemId", i.code, i.title, o.name AS "orgName", c.name AS "categoryName", a.deadline::text AS deadline, a.status,
        i.responsible_person AS "responsiblePerson"
      FROM longest a JOIN items i ON i.id = a.id JOIN orgs o ON o.id = a.org_id LEFT JOIN categories c ON c.id = a.category_id
    )
    SELECT (SELECT json_agg(g) FROM grouped g) AS grouped,
      (SELECT json_agg(l ORDER BY l.deadline, l.code COLLATE "C") FROM late l) AS overdue`);
  const rows = result.rows[0]?.grouped ?? [];
  const total = rows.find((r) => r.gOrg === 1 && r.gCat === 1);
  return {
    total: total ? strip(total) : { ...zero },
    byOrg: rows.filter((r) => r.gOrg === 0).map((r) => ({ orgId: r.orgKey!, ...strip(r) })),
    byCategory: rows.filter((r) => r.gCat === 0).map((r) => ({ categoryId: r.categoryId, ...strip(r) })),
    overdue: result.rows[0]?.overdue ?? [],
  };
}

/** The figures of the whole scope alone (the month before, when no stored report of it can be used). */
export async function totalFigures(db: DbOrTx, args: { scope: Scope; period: MonthPeriod; timeZone: string; asOfDay: string }): Promise<FigureRow> {
  const result = await db.execute<FigureRow>(sql`WITH ${asOfItems(args)} SELECT ${counts(args)} FROM asof`);
  return result.rows[0] ?? { ...zero };
}

/** Items issued and closed per month over the twelve months ending with this one, from the history. */
export async function monthlyTrend(db: DbOrTx, { scope, from, period, timeZone }: { scope: Scope; from: string; period: MonthPeriod; timeZone: string }) {
  const result = await db.execute<{ month: string; newItems: number; closed: number }>(sql`
    SELECT to_char(h.at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month,
      count(*) FILTER (WHERE h.action = 'created')::int AS "newItems",
      count(DISTINCT h.item_id) FILTER (WHERE h.action = 'approve_closure')::int AS closed
    FROM item_history h JOIN items i ON i.id = h.item_id JOIN orgs o ON o.id = i.org_id
    WHERE ${scopeCondition(scope)} AND h.action IN ('created', 'approve_closure')
      AND h.at >= ${dayStart(from, timeZone)} AND h.at < ${dayStart(period.nextFirstDay, timeZone)}
    GROUP BY 1`);
  return result.rows;
}

/** 督办单 issued during the month to organizations under the scope. */
export async function noticesIssued(db: DbOrTx, { scope, period }: { scope: Scope; period: MonthPeriod }) {
  const result = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM notices n JOIN orgs o ON o.id = n.org_id
    WHERE ${scopeCondition(scope)} AND n.issued_on >= ${period.firstDay}::date AND n.issued_on <= ${period.lastDay}::date`);
  return result.rows[0]?.n ?? 0;
}
