import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Settings an administrator may change at run time, one row per key. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
