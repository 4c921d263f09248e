import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { orgs } from '../orgs/orgs.table.js';
import { forgetAssisted } from './items-assist.cache.js';
import { itemAssistOrgs } from './items-assist.table.js';

/** Past this many, an assisting scope's items are named by a subquery rather than listed as ids (see `assistedItems`). */
const ID_LIST_CAP = 2000;

export function createItemsAssistRepository({ db }: { db: DbOrTx }) {
  return {
    async orgsOf(itemId: number) {
      const rows = await db
        .select({ id: orgs.id, name: orgs.name, path: orgs.path })
        .from(itemAssistOrgs)
        .innerJoin(orgs, eq(orgs.id, itemAssistOrgs.orgId))
        .where(eq(itemAssistOrgs.itemId, itemId))
        .orderBy(asc(orgs.path));
      return { orgs: rows };
    },

    /** Whether an organization in the scope (the node or below it) assists the item. */
    async assistsWithin(itemId: number, scopePath: string) {
      const { rows } = await db.execute(sql`SELECT 1 FROM ${itemAssistOrgs} JOIN ${orgs} ON ${orgs.id} = ${itemAssistOrgs.orgId}
        WHERE ${itemAssistOrgs.itemId} = ${itemId} AND ${underPath(orgs.path, scopePath)} LIMIT 1`);
      return { assists: rows.length > 0 };
    },

    /**
     * The items that organizations of the scope assist, as ids: most scopes assist none or a few, and an empty
     * answer leaves the ledger's statements exactly as they were. `capped` when there are more than the cap.
     */
    async assistedItems(scopePath: string) {
      const rows = await db
        .selectDistinct({ itemId: itemAssistOrgs.itemId })
        .from(itemAssistOrgs)
        .innerJoin(orgs, eq(orgs.id, itemAssistOrgs.orgId))
        .where(underPath(orgs.path, scopePath))
        .limit(ID_LIST_CAP + 1);
      return { itemIds: rows.map((r) => r.itemId), capped: rows.length > ID_LIST_CAP };
    },

    async replace(itemId: number, orgIds: number[]) {
      forgetAssisted();
      await db.delete(itemAssistOrgs).where(eq(itemAssistOrgs.itemId, itemId));
      if (orgIds.length) await db.insert(itemAssistOrgs).values(orgIds.map((orgId) => ({ itemId, orgId })));
    },

    async orgsByIds(ids: number[]) {
      if (ids.length === 0) return { orgs: [] };
      return { orgs: await db.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(orgs).where(inArray(orgs.id, ids)) };
    },
  };
}
