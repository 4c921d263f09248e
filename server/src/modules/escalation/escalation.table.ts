import { bigint, date, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';

/** A committee's escalation ladder (督办阶梯): its steps in order, each with its threshold. */
export const escalationLadders = pgTable('escalation_ladders', {
  committeeId: integer('committee_id')
    .primaryKey()
    .references(() => orgs.id, { onDelete: 'restrict' }),
  steps: jsonb('steps').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The steps past a 督办单 that the committee records: a 约谈 (date, who, minutes) or a 问责建议 (text), about one
 * item and so on its organization's record. Append-only like the history it joins.
 */
export const escalationRecords = pgTable(
  'escalation_records',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    kind: text('kind').notNull(),
    heldOn: date('held_on'),
    participants: text('participants'),
    content: text('content').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('escalation_records_org_idx').on(t.orgId, t.createdAt), index('escalation_records_item_idx').on(t.itemId)],
);
