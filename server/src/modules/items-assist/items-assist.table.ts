import { bigint, index, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';

/**
 * Assisting organizations (协办单位) of an item, beside its lead (主办, the item's own organization). They see the
 * item, report progress and add evidence on their part; only the lead requests closure.
 */
export const itemAssistOrgs = pgTable(
  'item_assist_orgs',
  {
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
  },
  // Looked up by organization for an assisting clerk's list; by item (the key) for the detail.
  (t) => [primaryKey({ columns: [t.itemId, t.orgId] }), index('item_assist_orgs_org_idx').on(t.orgId, t.itemId)],
);
