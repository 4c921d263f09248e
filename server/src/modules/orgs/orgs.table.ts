import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The organization tree. `path` is a materialized path of ids (`/1/5/23/`), so
 * "this node and everything below it" is one prefix match on an indexed column.
 */
export const orgs = pgTable(
  'orgs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer('parent_id').references((): any => orgs.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    kind: text('kind').notNull(),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('orgs_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('orgs_parent_idx').on(t.parentId),
    uniqueIndex('orgs_parent_name_uq').on(t.parentId, t.name),
  ],
);
