import { asc, count, desc, eq, and, sql, type SQL } from 'drizzle-orm';
import type { ItemListQuery, MeasureInput } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { categories } from '../categories/categories.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';
import { itemCodeCounters, itemHistory, itemMeasures, itemProgress, items } from './items.table.js';
import { itemFilters, lightSql, type LightContext } from './items.query.js';
import { preparedTotal } from './items.total.js';

export type ItemRow = typeof items.$inferSelect;

function itemColumns(light: LightContext) {
  return {
    item: items,
    orgName: orgs.name,
    orgPath: orgs.path,
    categoryName: categories.name,
    light: lightSql(light),
  };
}

const sortColumns = {
  code: items.code,
  deadline: items.deadline,
  createdAt: items.createdAt,
  updatedAt: items.updatedAt,
  status: items.status,
  // Tree order: the path's ids compared as numbers, so /1/2/ comes before /1/10/.
  org: sql`string_to_array(trim(both '/' from ${orgs.path}), '/')::int[]`,
} as const;

export type ItemWithNames = Awaited<ReturnType<ReturnType<typeof createItemsRepository>['findById']>>['item'] & {};

export function createItemsRepository({ db }: { db: DbOrTx }) {
  function selectItems(light: LightContext) {
    return db.select(itemColumns(light)).from(items).innerJoin(orgs, eq(orgs.id, items.orgId)).leftJoin(categories, eq(categories.id, items.categoryId));
  }

  return {
    async findById(id: number, light: LightContext) {
      const [item] = await selectItems(light).where(eq(items.id, id));
      return { item };
    },

    async list(query: ItemListQuery, { scopePath, light }: { scopePath: string; light: LightContext }) {
      const where = itemFilters(query, { scopePath, light });
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const column = sortColumns[query.sort ?? 'deadline'];
      const direction = query.order === 'desc' ? desc : asc;
      const countItems = async () => (await db.select({ total: count() }).from(items).where(where))[0].total;
      const [rows, total] = await Promise.all([
        selectItems(light)
          .where(where)
          .orderBy(direction(column), direction(items.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        preparedTotal(db, query, { scopePath, light }).then((prepared) => prepared ?? countItems()),
      ]);
      return { rows, total };
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
      const rows = await db.select().from(itemMeasures).where(eq(itemMeasures.itemId, itemId)).orderBy(asc(itemMeasures.seq));
      return { measures: rows };
    },

    async replaceMeasures(itemId: number, measures: MeasureInput[]) {
      await db.delete(itemMeasures).where(eq(itemMeasures.itemId, itemId));
      if (measures.length === 0) return;
      await db.insert(itemMeasures).values(
        measures.map((m, i) => ({ itemId, seq: i + 1, content: m.content.trim(), responsiblePerson: m.responsiblePerson ?? null, deadline: m.deadline ?? null })),
      );
    },

    async progress(itemId: number) {
      const rows = await db
        .select({ progress: itemProgress, createdByName: users.displayName })
        .from(itemProgress)
        .innerJoin(users, eq(users.id, itemProgress.createdBy))
        .where(eq(itemProgress.itemId, itemId))
        .orderBy(desc(itemProgress.entryDate), desc(itemProgress.id));
      return { progress: rows };
    },

    async insertProgress(values: typeof itemProgress.$inferInsert) {
      const [row] = await db.insert(itemProgress).values(values).returning({ id: itemProgress.id });
      return { id: row.id };
    },

    async history(itemId: number) {
      const rows = await db
        .select({ entry: itemHistory, actorName: users.displayName })
        .from(itemHistory)
        .leftJoin(users, eq(users.id, itemHistory.actorId))
        .where(eq(itemHistory.itemId, itemId))
        .orderBy(asc(itemHistory.id));
      return { history: rows };
    },

  };
}

export type ItemsRepository = ReturnType<typeof createItemsRepository>;
export type ItemFilterWhere = SQL;
