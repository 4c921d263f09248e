import { bigint, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';

/** A review meeting or other source event (述职评议, 巡察反馈 …) held by a committee. */
export const reviews = pgTable(
  'reviews',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    // The organization that held it; its subtree is whom the review concerns.
    committeeId: integer('committee_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    heldOn: date('held_on').notNull(),
    notes: text('notes'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('reviews_committee_held_idx').on(t.committeeId, t.heldOn)],
);

/** The committee's comment (点评意见) on one organization in a review, as written. */
export const reviewComments = pgTable(
  'review_comments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    reviewId: bigint('review_id', { mode: 'number' })
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    text: text('text').notNull(),
    updatedBy: integer('updated_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('review_comments_review_org_uq').on(t.reviewId, t.orgId), index('review_comments_org_idx').on(t.orgId)],
);
