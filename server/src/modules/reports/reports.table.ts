import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.table.js';

/** The monthly report of each committee as the snapshot job computed it after the month ended. */
export const reportSnapshots = pgTable(
  'report_snapshots',
  {
    month: text('month').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    data: jsonb('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.orgId] })],
);
