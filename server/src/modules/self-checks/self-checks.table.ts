import { bigint, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';

/** 举一反三: the committee asks other organizations to check themselves against the problem of one item. */
export const selfCheckRequests = pgTable(
  'self_check_requests',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    originItemId: bigint('origin_item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    // The organization of the supervisor who asked: the committee whose scope the request belongs to.
    askedByOrgId: integer('asked_by_org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    // The problem as it was put to the organizations; the origin item may be reworded later.
    problem: text('problem').notNull(),
    note: text('note'),
    deadline: date('deadline').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('self_check_requests_origin_idx').on(t.originItemId), index('self_check_requests_deadline_idx').on(t.deadline)],
);

/** One asked organization and its answer: 存在 (with the item it created) or 不存在 (with why); none yet while open. */
export const selfCheckAnswers = pgTable(
  'self_check_answers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => selfCheckRequests.id, { onDelete: 'restrict' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    answer: text('answer'),
    explanation: text('explanation'),
    itemId: bigint('item_id', { mode: 'number' }).references(() => items.id, { onDelete: 'restrict' }),
    answeredBy: integer('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('self_check_answers_request_org_uq').on(t.requestId, t.orgId), index('self_check_answers_org_idx').on(t.orgId, t.answeredAt)],
);
