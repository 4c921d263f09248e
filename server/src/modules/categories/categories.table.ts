import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Problem categories (问题类别): data, not an enum, so each committee can keep its own list. */
export const categories = pgTable('categories', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull().unique(),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
