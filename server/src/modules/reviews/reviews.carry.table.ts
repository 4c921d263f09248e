import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { items } from '../items/items.table.js';
import { users } from '../users/users.table.js';
import { reviews } from './reviews.table.js';

/**
 * An item answered for in a later review (述前述后). The item keeps its own `review_id`, the review it was first found
 * in, and its history; this row only adds it to the later review, so a review's roll-up tells its new items (the
 * items' `review_id`) from those carried into it (these rows).
 */
export const reviewItems = pgTable(
  'review_items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    reviewId: bigint('review_id', { mode: 'number' })
      .notNull()
      .references(() => reviews.id, { onDelete: 'restrict' }),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    // Only `carried` today; a kind keeps room for other ways an item may belong to a review.
    kind: text('kind').notNull().default('carried'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('review_items_review_item_uq').on(t.reviewId, t.itemId), index('review_items_item_idx').on(t.itemId)],
);
