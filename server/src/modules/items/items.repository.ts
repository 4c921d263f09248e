import { eq, and, inArray, sql, type SQL } from 'drizzle-orm';
import type { ItemListQuery, MeasureInput } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';
import { itemCodeCounters, itemHistory, itemMeasures, itemProgress, items } from './items.table.js';
import { itemFilters, urgencyOrder, urgencyOrderFor, urgencyParts, type LightContext } from './items.query.js';
import { selectItemWith, selectItems, selectPage, type ItemWithNames } from './items.rows.js';
import { selectListOf } from '../../db/select-list.js';
import { countIsCapped, totalSql, type TotalSql } from './items.total.js';
import { SEARCH_COUNT_CAP } from '@rectify/shared';
import { decodeDetailLists, detailListsSql, historyColumns, type DetailListName } from './items.lists.js';

export type { ItemRow, ItemWithNames } from './items.rows.js';

const measureColumns = selectListOf(itemMeasures);

const sortColumns = {
  code: items.code,
  deadline: items.deadline,
  createdAt: items.createdAt,
  updatedAt: items.updatedAt,
  status: items.status,
  // Tree order: the path's ids compared as numbers, so /1/2/ comes before /1/10/.
  org: sql`string_to_array(trim(both '/' from ${orgs.path}), '/')::int[]`,
  urgency: urgencyOrder,
} as const;

interface ListScope {
  scopePath: string;
  light: LightContext;
  leaf?: boolean;
  assisted?: SQL | null;
}

/**
 * A list's total: the count reads the items alone (the scope as a semi-join), since joining every counted item to
 * its organization doubled the cost of counting a text search's matches. The prepared counts know nothing of
 * assisted items: a scope that assists some counts its items.
 */
function totalOf(query: ItemListQuery, { scopePath, light, leaf = false, assisted = null }: ListScope): TotalSql {
  const total = totalSql(query, { scopePath, light, where: () => itemFilters(query, { scopePath, light, leaf, assisted }) });
  return assisted ? { ...total, prepared: null } : total;
}

export function createItemsRepository({ db }: { db: DbOrTx }) {
  const repository = {
    async findById(id: number, light: LightContext) {
      const [item] = await selectItems(db, light, sql`${items.id} = ${id}`);
      return { item: item as ItemWithNames | undefined };
    },

    /** The item with the row of a subquery over it (`selectItemWith`). */
    async findByIdWith(id: number, light: LightContext, lateral: SQL) {
      return selectItemWith(db, light, id, lateral);
    },

    async list(query: ItemListQuery, scope: ListScope): Promise<{ rows: ItemWithNames[]; total: number }> {
      const parts = (query.sort ?? 'urgency') === 'urgency' ? urgencyParts(query) : null;
      if (!parts) return repository.page(query, scope);
      // Open items by deadline, then the finished ones: each part walks the deadline index and stops after the page,
      // where one sort by the row value read and sorted every match first (a whole committee, or a common phrase).
      const pageSize = query.pageSize ?? 20;
      const offset = ((query.page ?? 1) - 1) * pageSize;
      const [head, tail] = query.order === 'desc' ? [parts.finished, parts.open] : [parts.open, parts.finished];
      // A capped count (a text search) cannot place a page past the cap: such deep pages sort as one.
      if (countIsCapped(query) && offset + pageSize > SEARCH_COUNT_CAP) return repository.page(query, scope, urgencyOrder);
      // The whole list's total rides on the first part's statement, counted once (a search's matches up to the cap
      // were counted twice, once per part); the second part is read only when the first leaves the page short.
      const first = await repository.page({ ...query, status: head, sort: 'deadline' }, scope, undefined, undefined, totalOf(query, scope));
      if (first.rows.length === pageSize) return first;
      // Where the first part ends before this page, how far before it is its own count.
      const headCount = first.rows.length > 0 || offset === 0 ? offset + first.rows.length : await repository.count({ ...query, status: head }, scope);
      const known = { prepared: sql`${first.total}::int`, counted: () => sql`${first.total}::int` };
      const second = await repository.page({ ...query, status: tail, sort: 'deadline' }, scope, undefined, { limit: pageSize - first.rows.length, offset: Math.max(0, offset - headCount) }, known);
      return { rows: [...first.rows, ...second.rows], total: first.total };
    },

    /** One page in one order (`column`, or the query's sort); `window` overrides the query's page, `total` its count. */
    async page(
      query: ItemListQuery,
      scope: ListScope,
      column: SQL | (typeof sortColumns)[keyof typeof sortColumns] = query.sort === 'urgency' || !query.sort ? urgencyOrderFor(query) : sortColumns[query.sort],
      window?: { limit: number; offset: number },
      total: TotalSql = totalOf(query, scope),
    ) {
      const { scopePath, light, leaf = false, assisted = null } = scope;
      const where = itemFilters(query, { scopePath, light, orgsJoined: true, leaf, assisted });
      const pageSize = window?.limit ?? query.pageSize ?? 20;
      const offset = window?.offset ?? ((query.page ?? 1) - 1) * pageSize;
      const direction = sql.raw(query.order === 'desc' ? 'DESC' : 'ASC');
      return selectPage(db, light, { where, total, tail: sql`ORDER BY ${column} ${direction}, ${items.id} ${direction} LIMIT ${pageSize} OFFSET ${offset}` });
    },

    /** How many items the list holds, from the prepared counts where they answer. */
    async count(query: ItemListQuery, scope: ListScope) {
      const { prepared, counted } = totalOf(query, scope);
      const { rows } = await db.execute<{ total: number }>(sql`SELECT ${prepared ? sql`COALESCE(${prepared}, ${counted()})` : counted()} AS "total"`);
      return Number(rows[0].total);
    },

    /** The next code for a prefix such as `2026-公安`: `2026-公安-001`, `-002`, … */
    async nextCode(prefix: string) {
      const [row] = await db
        .insert(itemCodeCounters)
        .values({ prefix, last: 1 })
        .onConflictDoUpdate({ target: itemCodeCounters.prefix, set: { last: sql`${itemCodeCounters.last} + 1` } })
        .returning({ last: itemCodeCounters.last });
      return { code: `${prefix}-${String(row.last).padStart(3, '0')}` };
    },

    async insert(values: typeof items.$inferInsert) {
      const [item] = await db.insert(items).values(values).returning({ id: items.id });
      return { id: item.id };
    },

    /** Applies a change only if nobody changed the item since `version`; false means stale. */
    async updateVersioned(id: number, version: number, values: Partial<typeof items.$inferInsert> & Record<string, unknown>) {
      const rows = await db
        .update(items)
        .set({ ...values, version: sql`${items.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(items.id, id), eq(items.version, version)))
        .returning({ id: items.id });
      return { updated: rows.length === 1 };
    },

    async measures(itemId: number) {
      const { rows } = await db.execute<Record<string, unknown>>(sql`SELECT ${measureColumns.list} FROM ${itemMeasures} WHERE ${itemMeasures.itemId} = ${itemId} ORDER BY ${itemMeasures.seq}`);
      return { measures: rows.map(measureColumns.decode) };
    },

    /**
     * Rewrites an item's measures in place, position by position: a measure keeps its id, and so its state, owner and
     * the evidence that names it, when its text is edited; measures past the new count are removed.
     */
    async replaceMeasures(itemId: number, measures: MeasureInput[]) {
      const { measures: old } = await this.measures(itemId);
      const values = measures.map((m, i) => ({ itemId, seq: i + 1, content: m.content.trim(), responsiblePerson: m.responsiblePerson ?? null, deadline: m.deadline ?? null, ...(m.status ? { status: m.status } : {}) }));
      for (const [i, v] of values.entries()) {
        if (old[i]) await db.update(itemMeasures).set(v).where(eq(itemMeasures.id, old[i].id));
        else await db.insert(itemMeasures).values(v);
      }
      const surplus = old.slice(values.length).map((m) => m.id);
      if (surplus.length) await db.delete(itemMeasures).where(inArray(itemMeasures.id, surplus));
    },

    async insertProgress(values: typeof itemProgress.$inferInsert) {
      const [row] = await db.insert(itemProgress).values(values).returning({ id: itemProgress.id });
      return { id: row.id };
    },

    /** An item's five lists in one statement (see `detailListsSql`). */
    async detailLists(itemId: number) {
      const { rows } = await db.execute<Record<DetailListName, unknown>>(sql`SELECT ${detailListsSql(itemId)}`);
      return decodeDetailLists(rows[0]);
    },

    async history(itemId: number) {
      const { rows } = await db.execute<Record<string, unknown>>(sql`
        SELECT ${historyColumns.list}, ${users.displayName} AS "actorName" FROM ${itemHistory} LEFT JOIN ${users} ON ${users.id} = ${itemHistory.actorId}
        WHERE ${itemHistory.itemId} = ${itemId} ORDER BY ${itemHistory.id}`);
      return { history: rows.map((row) => ({ entry: historyColumns.decode(row), actorName: row.actorName as string | null })) };
    },
  };
  return repository;
}

export type ItemsRepository = ReturnType<typeof createItemsRepository>;
export type ItemFilterWhere = SQL;
