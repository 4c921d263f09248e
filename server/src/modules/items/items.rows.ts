import { getTableColumns, is, sql, SQL } from 'drizzle-orm';
import type { Light } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { selectListOf } from '../../db/select-list.js';
import { asCtes } from './items.events.js';
import type { HistoryInput } from './items.history.js';
import { decodeDetailLists, detailListsSql, type DetailListName, type DetailLists } from './items.lists.js';
import { lightSql, type LightContext } from './items.query.js';
import { items } from './items.table.js';

const itemColumns = selectListOf(items, { omit: ['searchText'] });

/** An item as read for showing and deciding: every column but the search text, which only the database reads. */
export type ItemRow = ReturnType<typeof itemColumns.decode>;
export interface ItemWithNames {
  item: ItemRow;
  orgName: string;
  orgPath: string;
  categoryName: string | null;
  light: Light | null;
}

// The category's name as a scalar subquery rather than a join: one relation fewer for the planner, which plans the
// ledger page on every request.
const names = sql.raw(
  '"orgs"."name" AS "orgName", "orgs"."path" AS "orgPath", (SELECT "name" FROM "categories" WHERE "categories"."id" = "items"."category_id") AS "categoryName"',
);
const from = sql.raw('"items" INNER JOIN "orgs" ON "orgs"."id" = "items"."org_id"');

const decode = (row: Record<string, unknown>): ItemWithNames => ({
  item: itemColumns.decode(row),
  orgName: row.orgName as string,
  orgPath: row.orgPath as string,
  categoryName: row.categoryName as string | null,
  light: row.light as Light | null,
});

/** Items with their organization's name and path, category name and light: `SELECT … WHERE <where> <tail>`. */
export async function selectItems(db: DbOrTx, light: LightContext, where: SQL, tail: SQL = sql``): Promise<ItemWithNames[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`SELECT ${itemColumns.list}, ${names}, ${lightSql(light)} AS "light" FROM ${from} WHERE ${where} ${tail}`);
  return rows.map(decode);
}

/**
 * One item as `selectItems` reads it, with the row of a subquery over it (`lateral`, which may name `items` and `orgs`)
 * in the same statement.
 */
export async function selectItemWith(db: DbOrTx, light: LightContext, id: number, lateral: SQL): Promise<{ item: ItemWithNames; with: Record<string, unknown> } | undefined> {
  const { rows } = await db.execute<Record<string, unknown>>(
    sql`SELECT ${itemColumns.list}, ${names}, ${lightSql(light)} AS "light", "with".* FROM ${from} LEFT JOIN LATERAL (${lateral}) "with" ON true WHERE "items"."id" = ${id}`,
  );
  return rows[0] ? { item: decode(rows[0]), with: rows[0] } : undefined;
}

/**
 * One page of items and the total of their list, in one statement when the prepared counts answer (see `totalSql`):
 * the total is a scalar subquery the database evaluates once. A page past the end has no row to carry the total,
 * and prepared counts not yet built answer NULL; the total is then read on its own. `where` may name `orgs`.
 */
export async function selectPage(
  db: DbOrTx,
  light: LightContext,
  { where, total, tail }: { where: SQL; total: { prepared: SQL | null; counted: () => SQL }; tail: SQL },
): Promise<{ rows: ItemWithNames[]; total: number }> {
  const { rows } = await db.execute<Record<string, unknown>>(
    sql`SELECT ${itemColumns.list}, ${names}, ${lightSql(light)} AS "light", ${total.prepared ?? total.counted()} AS "total" FROM ${from} WHERE ${where} ${tail}`,
  );
  if (rows.length > 0 && rows[0].total !== null) return { rows: rows.map(decode), total: Number(rows[0].total) };
  const counted = rows.length > 0 || !total.prepared ? total.counted() : sql`COALESCE(${total.prepared}, ${total.counted()})`;
  const { rows: [only] } = await db.execute<{ total: number }>(sql`SELECT ${counted} AS "total"`);
  return { rows: rows.map(decode), total: Number(only.total) };
}

const tableColumns = getTableColumns(items);
type ItemInsert = typeof items.$inferInsert;
/** A step's new column values; an SQL value is evaluated in the statement (`now()`: the history row's own instant). */
export type StepValues = { [K in keyof ItemInsert]?: ItemInsert[K] | SQL };

/**
 * A step of the workflow in one statement: applies the change if nobody changed the item since `version`, appends its
 * history entry, runs what the step's writers contribute (`also`, each limited by the condition it is given), and
 * returns the item as it is now with its detail's lists, the new history entry among them. Undefined when stale,
 * and then nothing is written. One statement commits on its own, so a step needs no transaction around it; where
 * the update, the history insert, the notifications and the read after them were six round trips, this is one.
 * A step changes neither the organization nor the category, so their names come with the row.
 */
export async function stepItem(
  db: DbOrTx,
  {
    light,
    id,
    version,
    values,
    history,
    also = () => [],
  }: { light: LightContext; id: number; version: number; values: StepValues; history: Omit<HistoryInput, 'itemId'>; also?: (when: SQL) => SQL[] },
): Promise<{ item: ItemWithNames; lists: DetailLists } | undefined> {
  const set = Object.entries(values).map(([key, value]) => {
    const column = tableColumns[key as keyof typeof tableColumns];
    return sql`${sql.identifier(column.name)} = ${value === null || value === undefined ? null : is(value, SQL) ? value : sql.param(value, column)}`;
  });
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  const extra = also(sql`EXISTS (SELECT FROM "updated")`);
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    WITH updated AS (
      UPDATE ${items} SET ${sql.join(set, sql`, `)}, "version" = "items"."version" + 1, "updated_at" = now()
      FROM "orgs" WHERE "orgs"."id" = "items"."org_id" AND ${items.id} = ${id} AND ${items.version} = ${version}
      RETURNING ${itemColumns.list}, "orgs"."name" AS "orgName", "orgs"."path" AS "orgPath",
        (SELECT "name" FROM "categories" WHERE "categories"."id" = "items"."category_id") AS "categoryName", ${lightSql(light)} AS "light"
    ), recorded AS (
      INSERT INTO "item_history" ("item_id", "actor_id", "action", "from_status", "to_status", "comment", "changes", "data")
      SELECT "id", ${history.actorId}::int, ${history.action}, ${history.fromStatus ?? null}::text, ${history.toStatus ?? null}::text, ${history.comment ?? null}::text,
        ${json(history.changes)}::jsonb, ${json(history.data)}::jsonb
      FROM updated
      RETURNING *
    )${extra.length > 0 ? sql`, ${asCtes(extra, 'also')}` : sql``}
    SELECT updated.*, ${detailListsSql(id, sql`(SELECT * FROM "item_history" WHERE "item_id" = ${id} UNION ALL SELECT * FROM recorded)`)}
    FROM updated`);
  const [row] = rows;
  return row ? { item: decode(row), lists: decodeDetailLists(row as Record<DetailListName, unknown>) } : undefined;
}
