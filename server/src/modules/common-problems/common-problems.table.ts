import { bigint, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { categories } from '../categories/categories.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { reviews } from '../reviews/reviews.table.js';
import { users } from '../users/users.table.js';

/**
 * A common problem (共性问题) issued to many organizations at once. Each organization gets its own item
 * (items.common_problem_id) and closes it separately; this row holds what they were issued with.
 */
export const commonProblems = pgTable(
  'common_problems',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    committeeId: integer('committee_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    source: text('source').notNull(),
    categoryId: integer('category_id').references(() => categories.id, { onDelete: 'restrict' }),
    reviewId: bigint('review_id', { mode: 'number' }).references(() => reviews.id, { onDelete: 'restrict' }),
    deadline: date('deadline').notNull(),
    type: text('type').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('common_problems_committee_created_idx').on(t.committeeId, t.createdAt), index('common_problems_review_idx').on(t.reviewId)],
);
