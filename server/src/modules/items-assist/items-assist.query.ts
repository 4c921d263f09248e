import { sql, type SQL } from 'drizzle-orm';
import { underPath } from '../../lib/scope.js';
import { items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { itemAssistOrgs } from './items-assist.table.js';

export interface AssistedItems {
  itemIds: number[];
  capped: boolean;
}

/**
 * The items a scope sees as an assisting organization, as a condition to OR with the lead's scope; null when it
 * assists none, so that the ledger's usual statements (and their plans) stay as they are.
 */
export function assistedItemsSql(scopePath: string, assisted: AssistedItems | undefined): SQL | null {
  if (!assisted || assisted.itemIds.length === 0) return null;
  if (!assisted.capped) return sql`${items.id} = ANY(${`{${assisted.itemIds.join(',')}}`}::bigint[])`;
  return sql`${items.id} IN (SELECT ${itemAssistOrgs.itemId} FROM ${itemAssistOrgs} JOIN ${orgs} ON ${orgs.id} = ${itemAssistOrgs.orgId} WHERE ${underPath(orgs.path, scopePath)})`;
}
