import { asc, desc, eq, fillPlaceholders, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { ItemListQuery, Light } from '@rectify/shared';
import type { Db } from '../../../db/client.js';
import { categories } from '../../categories/categories.table.js';
import { evidence } from '../../evidence/evidence.table.js';
import { itemFilters, lightSql, urgencyOrder, type LightContext } from '../../items/items.query.js';
import { itemHistory, itemMeasures, itemProgress, items } from '../../items/items.table.js';
import { orgs } from '../../orgs/orgs.table.js';

/**
 * The columns of an item the ledger shows. Only these are read: the others (timestamps parsed into dates, the
 * search text, the ids) would double what every page of rows costs to fetch and map, for nothing.
 */
const itemColumns = {
  id: items.id,
  code: items.code,
  orgId: items.orgId,
  source: items.source,
  title: items.title,
  description: items.description,
  rootCause: items.rootCause,
  target: items.target,
  responsibleLeader: items.responsibleLeader,
  responsiblePerson: items.responsiblePerson,
  deadline: items.deadline,
  originalDeadline: items.originalDeadline,
  deadlineWorkingDays: items.deadlineWorkingDays,
  deadlineBasis: items.deadlineBasis,
  deadlineFrom: items.deadlineFrom,
  deadlineProvisional: items.deadlineProvisional,
  extensionCount: items.extensionCount,
  pendingExtensionDeadline: items.pendingExtensionDeadline,
  type: items.type,
  status: items.status,
  completionNote: items.completionNote,
  completedOn: items.completedOn,
  closedOn: items.closedOn,
  closedLate: items.closedLate,
  remarks: items.remarks,
};

export interface ExportRow {
  item: Pick<typeof items.$inferSelect, keyof typeof itemColumns>;
  orgName: string;
  categoryName: string | null;
  light: Light | null;
  /** 协办: the assisting organizations' names, in tree order. */
  assistOrgs: string[];
  measures: Array<{ content: string; responsiblePerson: string | null; deadline: string | null; status?: string }>;
  progress: Array<{ entryDate: string; content: string; percent: number | null }>;
  evidence: string[];
  opinion: { action: 'approve_closure' | 'reject_closure'; comment: string | null } | null;
  /** 督办单 issued for the item and replied to, oldest first. */
  notices: Array<{ action: 'notice_issued' | 'notice_replied'; at: string; number: string | null }>;
}

const sortKeys = {
  // Numerically and by level (/1/2/ before /1/12/), so each organization's subtree follows it in id order.
  org: { column: sql`string_to_array(trim(both '/' from ${orgs.path}), '/')::int[]` },
  code: { column: items.code },
  deadline: { column: items.deadline },
  createdAt: { column: items.createdAt },
  updatedAt: { column: items.updatedAt },
  status: { column: items.status },
  urgency: { column: urgencyOrder },
} as const;

/**
 * The ids of the items an export lists, in its order, as one comma-separated value. A row per id would be a
 * hundred thousand short-lived objects at once, and V8, seeing them all survive, would from then on allocate such
 * rows straight into the old generation: every later page of the export would then stay in memory until a full
 * collection.
 */
async function orderedIds(db: Db, { query, scopePath, light }: { query: ItemListQuery; scopePath: string; light: LightContext }) {
  const key = sortKeys[query.sort ?? 'org'];
  const direction = query.order === 'desc' ? desc : asc;
  const [{ ids }] = await db
    .select({ ids: sql<string | null>`string_agg(${items.id}::text, ',' ORDER BY ${direction(key.column)}, ${direction(items.id)})` })
    .from(items)
    .innerJoin(orgs, eq(orgs.id, items.orgId))
    .where(itemFilters(query, { scopePath, light }));
  return ids ? parseIds(ids) : [];
}

/** '3,1,2' → [3, 1, 2], read in place: splitting first would make a string of every id, a million for a big export. */
function parseIds(text: string): number[] {
  const ids: number[] = [];
  let id = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 /* , */) {
      ids.push(id);
      id = 0;
    } else id = id * 10 + c - 48;
  }
  ids.push(id);
  return ids;
}

type PageRow = ExportRow['item'] & {
  orgName: string;
  categoryName: string | null;
  light: Light | null;
  assistOrgs: string[] | null;
  measures: ExportRow['measures'] | null;
  progress: ExportRow['progress'] | null;
  evidence: string[] | null;
  opinion: ExportRow['opinion'];
  notices: ExportRow['notices'] | null;
};

/** The driver under the query builder, node-postgres' pool or PGlite: both answer `query(text, values)` with `{ rows }`. */
type Driver = { query<T>(text: string, values: unknown[]): Promise<{ rows: T[] }> };

/**
 * A page of the export as one statement: each item with what the ledger shows of it, and its measures, progress,
 * evidence names and last closure opinion gathered beside it as JSON. Its text is built once per export and run
 * on the driver itself, so that the result can be emptied once read (see `fetchPage`); built again for every page,
 * or one query per kind of detail, the query builder's own garbage was kept in memory as well.
 */
function pageStatement(light: LightContext) {
  const m = itemMeasures;
  const p = itemProgress;
  const e = evidence;
  const h = itemHistory;
  const columns = sql.join(
    Object.entries(itemColumns).map(([alias, column]) => sql`${column} AS ${sql.identifier(alias)}`),
    sql`, `,
  );
  const { sql: text, params } = new PgDialect().sqlToQuery(sql`SELECT ${columns},
    ${orgs.name} AS "orgName", ${categories.name} AS "categoryName", ${lightSql(light)} AS "light",
    (SELECT json_agg(ao.name ORDER BY ao.path) FROM item_assist_orgs ia JOIN orgs ao ON ao.id = ia.org_id WHERE ia.item_id = ${items.id}) AS "assistOrgs",
    (SELECT json_agg(json_build_object('content', ${m.content}, 'responsiblePerson', ${m.responsiblePerson}, 'deadline', ${m.deadline}, 'status', ${m.status}) ORDER BY ${m.seq})
      FROM ${m} WHERE ${m.itemId} = ${items.id}) AS "measures",
    (SELECT json_agg(json_build_object('entryDate', ${p.entryDate}, 'content', ${p.content}, 'percent', ${p.percent}) ORDER BY ${p.entryDate}, ${p.id})
      FROM ${p} WHERE ${p.itemId} = ${items.id}) AS "progress",
    (SELECT json_agg(${e.fileName} ORDER BY ${e.id}) FROM ${e} WHERE ${e.itemId} = ${items.id} AND ${e.removedAt} IS NULL AND ${e.escalationRecordId} IS NULL) AS "evidence",
    (SELECT json_build_object('action', ${h.action}, 'comment', ${h.comment}) FROM ${h}
      WHERE ${h.itemId} = ${items.id} AND ${h.action} IN ('approve_closure', 'reject_closure') ORDER BY ${h.id} DESC LIMIT 1) AS "opinion",
    (SELECT json_agg(json_build_object('action', ${h.action}, 'at', ${h.at}, 'number', ${h.data}->>'number') ORDER BY ${h.id}) FROM ${h}
      WHERE ${h.itemId} = ${items.id} AND ${h.action} IN ('notice_issued', 'notice_replied')) AS "notices"
    FROM ${items}
    JOIN ${orgs} ON ${orgs.id} = ${items.orgId}
    LEFT JOIN ${categories} ON ${categories.id} = ${items.categoryId}
    WHERE ${items.id} = ANY(${sql.placeholder('ids')}::bigint[])`);
  // The ids go as the array's text, '{1,2,3}'.
  return (ids: number[]) => ({ text, values: fillPlaceholders(params, { ids: `{${ids.join(',')}}` }) });
}

/** One page of the export: the items with these ids, in this order. */
async function fetchPage(driver: Driver, statement: ReturnType<typeof pageStatement>, pageIds: number[]): Promise<ExportRow[]> {
  const { text, values } = statement(pageIds);
  const result = await driver.query<PageRow>(text, values);
  const position = new Map(pageIds.map((id, i) => [id, i]));
  const page = result.rows
    .map(({ orgName, categoryName, light, assistOrgs, measures, progress, evidence, opinion, notices, ...item }): ExportRow => ({
      item,
      orgName,
      categoryName,
      light,
      assistOrgs: assistOrgs ?? [],
      measures: measures ?? [],
      progress: progress ?? [],
      evidence: evidence ?? [],
      opinion,
      notices: notices ?? [],
    }))
    .sort((a, b) => position.get(a.item.id)! - position.get(b.item.id)!);
  // The result object can outlive the page: V8 sometimes keeps what delivered it (pg-pool's promise) until a full
  // collection, and every row with it, so a long export's pages piled up in memory. Emptied, it holds none.
  result.rows.length = 0;
  return page;
}

/**
 * The items of a ledger export in pages of `batchSize`, each page with its measures, progress, evidence names
 * and the last closure opinion. The order is settled once, as a list of ids, then each page is fetched by primary
 * key: flat cost per page, one page of rows in memory, and a consistent set of items even while others edit.
 * Pages are small enough that what one allocates mostly dies young instead of being promoted.
 */
export async function* exportRows(db: Db, { query, scopePath, light, batchSize = 250 }: { query: ItemListQuery; scopePath: string; light: LightContext; batchSize?: number }) {
  const allIds = await orderedIds(db, { query, scopePath, light });
  const driver = (db as unknown as { $client: Driver }).$client;
  const statement = pageStatement(light);
  for (let from = 0; from < allIds.length; from += batchSize) {
    const page = await fetchPage(driver, statement, allIds.slice(from, from + batchSize));
    // An item removed since the list was taken is simply not there.
    if (page.length > 0) yield page;
  }
}

/**
 * One page of the ledger as the 台账 view shows it: the rows the export would write at that place in its order,
 * and how many there are in all.
 */
export async function exportPage(db: Db, { query, scopePath, light }: { query: ItemListQuery; scopePath: string; light: LightContext }) {
  const key = sortKeys[query.sort ?? 'org'];
  const direction = query.order === 'desc' ? desc : asc;
  const pageSize = query.pageSize ?? 20;
  const where = itemFilters(query, { scopePath, light });
  const [ids, [{ total }]] = await Promise.all([
    db
      .select({ id: items.id })
      .from(items)
      .innerJoin(orgs, eq(orgs.id, items.orgId))
      .where(where)
      .orderBy(direction(key.column), direction(items.id))
      .limit(pageSize)
      .offset(((query.page ?? 1) - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(items).where(itemFilters(query, { scopePath, light })),
  ]);
  const driver = (db as unknown as { $client: Driver }).$client;
  const rows = ids.length ? await fetchPage(driver, pageStatement(light), ids.map((r) => r.id)) : [];
  return { rows, total: Number(total) };
}
