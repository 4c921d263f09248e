import { bigint, boolean, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';

/** 回头看 settings of one committee: how long after closure an item is due for a re-check, and what the job draws. */
export const recheckSettings = pgTable('recheck_settings', {
  committeeId: integer('committee_id')
    .primaryKey()
    .references(() => orgs.id, { onDelete: 'restrict' }),
  enabled: boolean('enabled').notNull().default(false),
  monthsAfterClosure: smallint('months_after_closure').notNull().default(6),
  percent: smallint('percent').notNull().default(10),
  categoryIds: integer('category_ids').array().notNull().default([]),
  sources: text('sources').array().notNull().default([]),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One draw of a 回头看 sample, with everything needed to draw it again: the seed and the parameters. The same seed
 * over the same closed items gives the same sample (the order is md5 of the seed and the item id).
 */
export const recheckDraws = pgTable(
  'recheck_draws',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    committeeId: integer('committee_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    seed: text('seed').notNull(),
    params: jsonb('params').notNull(),
    candidates: integer('candidates').notNull(),
    drawn: integer('drawn').notNull(),
    // The job's period (`2026-06`) for a scheduled draw; null when a supervisor drew by hand.
    period: text('period'),
    drawnBy: integer('drawn_by').references(() => users.id),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('recheck_draws_committee_idx').on(t.committeeId, t.id)],
);

/** One closed item to re-check in one round: the organization confirms it holds (巩固), the committee confirms or reopens. */
export const rechecks = pgTable(
  'rechecks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    drawId: bigint('draw_id', { mode: 'number' })
      .notNull()
      .references(() => recheckDraws.id, { onDelete: 'restrict' }),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    round: smallint('round').notNull(),
    status: text('status').notNull().default('requested'),
    statement: text('statement'),
    answeredBy: integer('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
    basis: text('basis'),
    newDeadline: date('new_deadline'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // An item is re-checked once per round.
    uniqueIndex('rechecks_item_round_uq').on(t.itemId, t.round),
    index('rechecks_org_idx').on(t.orgId, t.id),
    index('rechecks_draw_idx').on(t.drawId),
  ],
);
