import { sql, type SQL } from 'drizzle-orm';
import { selectListOf } from '../../db/select-list.js';
import { evidenceColumns } from '../evidence/evidence.repository.js';
import { evidence } from '../evidence/evidence.table.js';
import { users } from '../users/users.table.js';
import { itemHistory, itemMeasures, itemProgress } from './items.table.js';

// The item's detail is read on every view and after every step: its lists are read without the query builder.
const measureColumns = selectListOf(itemMeasures);
const progressColumns = selectListOf(itemProgress);
export const historyColumns = selectListOf(itemHistory);

type ListName = 'measures' | 'progress' | 'history' | 'evidence';

/**
 * An item's measures, progress, history and evidence as four JSON columns of one select list (four lists, one round
 * trip): the detail is read on every view of an item and after every step. `history` is where the history rows come
 * from, the table by default; a step passes the table's rows with the entry its own statement appends, which that
 * statement could not otherwise see.
 */
export function detailListsSql(itemId: number, history: SQL = sql`${itemHistory}`): SQL {
  const list = (rows: SQL, order: SQL) => sql`(SELECT COALESCE(json_agg(r ORDER BY ${order}), '[]') FROM (${rows}) r)`;
  return sql`
    ${list(sql`SELECT ${measureColumns.list} FROM ${itemMeasures} WHERE ${itemMeasures.itemId} = ${itemId}`, sql.raw('r."seq"'))} AS "measures",
    ${list(sql`SELECT ${progressColumns.list}, ${users.displayName} AS "createdByName" FROM ${itemProgress} JOIN ${users} ON ${users.id} = ${itemProgress.createdBy} WHERE ${itemProgress.itemId} = ${itemId}`, sql.raw('r."entryDate" DESC, r."id" DESC'))} AS "progress",
    ${list(sql`SELECT ${historyColumns.list}, ${users.displayName} AS "actorName" FROM ${history} AS "item_history" LEFT JOIN ${users} ON ${users.id} = ${itemHistory.actorId} WHERE ${itemHistory.itemId} = ${itemId}`, sql.raw('r."id"'))} AS "history",
    ${list(sql`SELECT ${evidenceColumns.list}, ${users.displayName} AS "uploadedByName" FROM ${evidence} JOIN ${users} ON ${users.id} = ${evidence.uploadedBy} WHERE ${evidence.itemId} = ${itemId} AND ${evidence.removedAt} IS NULL`, sql.raw('r."id"'))} AS "evidence"`;
}

export function decodeDetailLists(row: Record<ListName, unknown>) {
  const parsed = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>[]) : (value as Record<string, unknown>[]));
  return {
    measures: parsed(row.measures).map(measureColumns.decode),
    progress: parsed(row.progress).map((r) => ({ progress: progressColumns.decode(r), createdByName: r.createdByName as string })),
    history: parsed(row.history).map((r) => ({ entry: historyColumns.decode(r), actorName: r.actorName as string | null })),
    evidence: parsed(row.evidence).map((r) => ({ evidence: evidenceColumns.decode(r), uploadedByName: r.uploadedByName as string })),
  };
}

export type DetailLists = ReturnType<typeof decodeDetailLists>;
