import { and, asc, eq, ilike, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { orgs } from './orgs.table.js';

export type OrgRow = typeof orgs.$inferSelect;

export function createOrgsRepository({ db }: { db: DbOrTx }) {
  return {
    async findById(id: number) {
      const [org] = await db.select().from(orgs).where(eq(orgs.id, id));
      return { org };
    },

    async listUnder({ path, q }: { path: string; q?: string }) {
      const where = q ? and(underPath(orgs.path, path), ilike(orgs.name, `%${q.replace(/[\\%_]/g, '\\$&')}%`)) : underPath(orgs.path, path);
      const rows = await db.select().from(orgs).where(where).orderBy(asc(orgs.depth), asc(orgs.sortOrder), asc(orgs.id));
      return { orgs: rows };
    },

    async insert(values: { parentId: number; parentPath: string; parentDepth: number; name: string; shortName: string; kind: string; sortOrder: number }) {
      const [created] = await db
        .insert(orgs)
        .values({
          parentId: values.parentId,
          name: values.name,
          shortName: values.shortName,
          kind: values.kind,
          sortOrder: values.sortOrder,
          // The real path needs the generated id; it is set right after in the same transaction.
          path: '/',
          depth: values.parentDepth + 1,
        })
        .returning();
      const [org] = await db
        .update(orgs)
        .set({ path: `${values.parentPath}${created.id}/` })
        .where(eq(orgs.id, created.id))
        .returning();
      return { org };
    },

    async update(id: number, values: Partial<Pick<OrgRow, 'name' | 'shortName' | 'kind' | 'sortOrder' | 'parentId'>>) {
      const [org] = await db.update(orgs).set({ ...values, updatedAt: sql`now()` }).where(eq(orgs.id, id)).returning();
      return { org };
    },

    /** Re-roots every path under `oldPath` at `newPath`, shifting depths by the same amount. */
    async moveSubtree({ oldPath, newPath, depthDelta }: { oldPath: string; newPath: string; depthDelta: number }) {
      await db
        .update(orgs)
        .set({
          path: sql`${newPath} || substr(${orgs.path}, ${oldPath.length + 1})`,
          depth: sql`${orgs.depth} + ${depthDelta}`,
        })
        .where(underPath(orgs.path, oldPath));
    },

    /** Each organization under `path` with what it holds itself: users, items (open and all) and direct children. */
    async countsUnder(path: string) {
      const { rows } = await db.execute<{ id: number; users: number; open_items: number; items: number; children: number }>(sql`
        SELECT ${orgs.id} AS id,
          (SELECT count(*) FROM users u WHERE u.org_id = ${orgs.id})::int AS users,
          (SELECT count(*) FROM items i WHERE i.org_id = ${orgs.id} AND i.status NOT IN ('closed', 'cancelled'))::int AS open_items,
          (SELECT count(*) FROM items i WHERE i.org_id = ${orgs.id})::int AS items,
          (SELECT count(*) FROM orgs c WHERE c.parent_id = ${orgs.id})::int AS children
        FROM ${orgs}
        WHERE ${underPath(orgs.path, path)}
        ORDER BY ${orgs.depth}, ${orgs.sortOrder}, ${orgs.id}`);
      return { counts: rows.map((r) => ({ id: r.id, users: r.users, openItems: r.open_items, items: r.items, children: r.children })) };
    },

    async remove(id: number) {
      await db.delete(orgs).where(eq(orgs.id, id));
    },
  };
}
