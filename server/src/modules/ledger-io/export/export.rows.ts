import { and, asc, desc, eq, inArray, isNull, sql, type AnyColumn } from 'drizzle-orm';
import type { ItemListQuery, Light } from '@rectify/shared';
import type { Db } from '../../../db/client.js';
import { categories } from '../../categories/categories.table.js';
import { evidence } from '../../evidence/evidence.table.js';
import { itemFilters, lightSql, type LightContext } from '../../items/items.query.js';
import { itemHistory, itemMeasures, itemProgress, items } from '../../items/items.table.js';
import { orgs } from '../../orgs/orgs.table.js';

export interface ExportRow {
  item: typeof items.$inferSelect;
  orgName: string;
  categoryName: string | null;
  light: Light | null;
  measures: Array<{ content: string; responsiblePerson: string | null; deadline: string | null }>;
  progress: Array<{ entryDate: string; content: string; percent: number | null }>;
  evidence: string[];
  opinion: { action: string; comment: string | null } | null;
}

const sortKeys = {
  // Numerically and by level (/1/2/ before /1/12/), so each organization's subtree follows it in id order.
  org: { column: sql`string_to_array(trim(both '/' from ${orgs.path}), '/')::int[]` },
  code: { column: items.code },
  deadline: { column: items.deadline },
  createdAt: { column: items.createdAt },
  updatedAt: { column: items.updatedAt },
  status: { column: items.status },
} as const;

/** `column = ANY($1)`: one array parameter instead of a thousand, so a page's query plans once and fast. */
const anyOf = (column: AnyColumn, ids: number[]) => sql`${column} = ANY(${sql.param(ids)}::bigint[])`;

const groupBy = <T extends { itemId: number }>(rows: T[]) => {
  const map = new Map<number, T[]>();
  for (const row of rows) map.set(row.itemId, [...(map.get(row.itemId) ?? []), row]);
  return map;
};

/**
 * The items of a ledger export in pages of `batchSize`, each page with its measures, progress, evidence names
 * and the last closure opinion. The order is settled once, as a list of ids (8 bytes an item), then each page
 * is fetched by primary key: flat cost per page, one page of rows in memory, and a consistent set of items
 * even while others edit.
 */
export async function* exportRows(db: Db, { query, scopePath, light, batchSize = 1000 }: { query: ItemListQuery; scopePath: string; light: LightContext; batchSize?: number }) {
  const where = itemFilters(query, { scopePath, light });
  const key = sortKeys[query.sort ?? 'org'];
  const direction = query.order === 'desc' ? desc : asc;
  const ordered = await db
    .select({ id: items.id })
    .from(items)
    .innerJoin(orgs, eq(orgs.id, items.orgId))
    .where(where)
    .orderBy(direction(key.column), direction(items.id));
  const allIds = ordered.map((r) => r.id);
  for (let from = 0; from < allIds.length; from += batchSize) {
    const pageIds = allIds.slice(from, from + batchSize);
    const position = new Map(pageIds.map((id, i) => [id, i]));
    const rows = (
      await db
        .select({ item: items, orgName: orgs.name, categoryName: categories.name, light: lightSql(light) })
        .from(items)
        .innerJoin(orgs, eq(orgs.id, items.orgId))
        .leftJoin(categories, eq(categories.id, items.categoryId))
        .where(anyOf(items.id, pageIds))
    ).sort((a, b) => position.get(a.item.id)! - position.get(b.item.id)!);
    // An item removed since the list was taken is simply not there.
    if (rows.length === 0) continue;
    const ids = rows.map((r) => r.item.id);
    const [measures, progress, files, opinions] = await Promise.all([
      db
        .select({ itemId: itemMeasures.itemId, content: itemMeasures.content, responsiblePerson: itemMeasures.responsiblePerson, deadline: itemMeasures.deadline })
        .from(itemMeasures)
        .where(anyOf(itemMeasures.itemId, ids))
        .orderBy(asc(itemMeasures.itemId), asc(itemMeasures.seq)),
      db
        .select({ itemId: itemProgress.itemId, entryDate: itemProgress.entryDate, content: itemProgress.content, percent: itemProgress.percent })
        .from(itemProgress)
        .where(anyOf(itemProgress.itemId, ids))
        .orderBy(asc(itemProgress.itemId), asc(itemProgress.entryDate), asc(itemProgress.id)),
      db
        .select({ itemId: evidence.itemId, fileName: evidence.fileName })
        .from(evidence)
        .where(and(anyOf(evidence.itemId, ids), isNull(evidence.removedAt)))
        .orderBy(asc(evidence.itemId), asc(evidence.id)),
      db
        .selectDistinctOn([itemHistory.itemId], { itemId: itemHistory.itemId, action: itemHistory.action, comment: itemHistory.comment })
        .from(itemHistory)
        .where(and(anyOf(itemHistory.itemId, ids), inArray(itemHistory.action, ['approve_closure', 'reject_closure'])))
        .orderBy(asc(itemHistory.itemId), desc(itemHistory.id)),
    ]);
    const byMeasures = groupBy(measures);
    const byProgress = groupBy(progress);
    const byFiles = groupBy(files);
    const byOpinion = new Map(opinions.map((o) => [o.itemId, o]));
    yield rows.map(
      (r): ExportRow => ({
        item: r.item,
        orgName: r.orgName,
        categoryName: r.categoryName,
        light: r.light,
        measures: byMeasures.get(r.item.id) ?? [],
        progress: byProgress.get(r.item.id) ?? [],
        evidence: (byFiles.get(r.item.id) ?? []).map((f) => f.fileName),
        opinion: byOpinion.get(r.item.id) ?? null,
      }),
    );
  }
}
