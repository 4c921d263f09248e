import { sql, type SQL } from 'drizzle-orm';
import { fixedSql, selectListOf } from '../../db/select-list.js';
import { evidenceColumns } from '../evidence/evidence.repository.js';
import { evidence } from '../evidence/evidence.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';
import { itemAssistOrgs } from '../items-assist/items-assist.table.js';
import { itemHistory, itemMeasures, itemProgress } from './items.table.js';

// The item's detail is read on every view and after every step: its lists are read without the query builder.
const measureColumns = selectListOf(itemMeasures);
const progressColumns = selectListOf(itemProgress);
export const historyColumns = selectListOf(itemHistory);

export type DetailListName = 'measures' | 'progress' | 'history' | 'evidence' | 'assistOrgs';

const list = (rows: SQL, order: string) => sql`(SELECT COALESCE(json_agg(r ORDER BY ${sql.raw(order)}), '[]') FROM (${rows}`;
// The lists' fixed text, rendered once (see fixedSql); each is completed with `= <item id>) r)`.
const measuresHead = fixedSql(
  list(sql`SELECT ${measureColumns.list}, ${users.displayName} AS "ownerName" FROM ${itemMeasures} LEFT JOIN ${users} ON ${users.id} = ${itemMeasures.ownerUserId} WHERE ${itemMeasures.itemId}`, 'r."seq"'),
);
// Progress and evidence name the writer's organization: an assisting organization's (协办) part is labelled with it.
const progressHead = fixedSql(
  list(
    sql`SELECT ${progressColumns.list}, ${users.displayName} AS "createdByName", ${orgs.name} AS "orgName" FROM ${itemProgress} JOIN ${users} ON ${users.id} = ${itemProgress.createdBy} JOIN ${orgs} ON ${orgs.id} = ${users.orgId} WHERE ${itemProgress.itemId}`,
    'r."entryDate" DESC, r."id" DESC',
  ),
);
const historyHead = fixedSql(sql`(SELECT COALESCE(json_agg(r ORDER BY r."id"), '[]') FROM (SELECT ${historyColumns.list}, ${users.displayName} AS "actorName" FROM `);
const historyTail = fixedSql(sql` AS "item_history" LEFT JOIN ${users} ON ${users.id} = ${itemHistory.actorId} WHERE ${itemHistory.itemId}`);
const evidenceHead = fixedSql(
  list(sql`SELECT ${evidenceColumns.list}, ${users.displayName} AS "uploadedByName", ${orgs.name} AS "orgName" FROM ${evidence} JOIN ${users} ON ${users.id} = ${evidence.uploadedBy} JOIN ${orgs} ON ${orgs.id} = ${users.orgId} WHERE ${evidence.removedAt} IS NULL AND ${evidence.escalationRecordId} IS NULL AND ${evidence.itemId}`, 'r."id"'),
);
// The assisting organizations (协办), in the order of the tree.
const assistHead = fixedSql(list(sql`SELECT ${orgs.id}, ${orgs.name}, ${orgs.path} FROM ${itemAssistOrgs} JOIN ${orgs} ON ${orgs.id} = ${itemAssistOrgs.orgId} WHERE ${itemAssistOrgs.itemId}`, 'r."path"'));
const historyTable = fixedSql(sql`${itemHistory}`);

/**
 * An item's measures, progress, history, evidence and assisting organizations as five JSON columns of one select list
 * (five lists, one round trip): the detail is read on every view of an item and after every step. `history` is where
 * the history rows come from, the table by default; a step passes the table's rows with the entry its own statement
 * appends, which that statement could not otherwise see.
 */
export function detailListsSql(itemId: number, history: SQL = historyTable): SQL {
  return sql`${measuresHead} = ${itemId}) r) AS "measures", ${progressHead} = ${itemId}) r) AS "progress",
    ${historyHead}${history}${historyTail} = ${itemId}) r) AS "history", ${evidenceHead} = ${itemId}) r) AS "evidence",
    ${assistHead} = ${itemId}) r) AS "assistOrgs"`;
}

export function decodeDetailLists(row: Record<DetailListName, unknown>) {
  const parsed = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>[]) : (value as Record<string, unknown>[]));
  return {
    measures: parsed(row.measures).map((r) => ({ measure: measureColumns.decode(r), ownerName: r.ownerName as string | null })),
    progress: parsed(row.progress).map((r) => ({ progress: progressColumns.decode(r), createdByName: r.createdByName as string, orgName: r.orgName as string })),
    history: parsed(row.history).map((r) => ({ entry: historyColumns.decode(r), actorName: r.actorName as string | null })),
    evidence: parsed(row.evidence).map((r) => ({ evidence: evidenceColumns.decode(r), uploadedByName: r.uploadedByName as string, orgName: r.orgName as string })),
    assistOrgs: parsed(row.assistOrgs).map((r) => ({ id: Number(r.id), name: r.name as string })),
  };
}

export type DetailLists = ReturnType<typeof decodeDetailLists>;
