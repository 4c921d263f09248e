import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table.js';

/**
 * One row per Idempotency-Key a user sent to a creating route, kept 24 hours. The row is claimed before the
 * handler runs, marked committed by the handler's own write transaction, and holds the answer once it is 2xx.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** `POST /api/items/:id/progress`: a key belongs to one route. */
    route: text('route').notNull(),
    /** SHA-256 of the route's parameters, query and JSON body: the same key with other content is refused. */
    fingerprint: text('fingerprint').notNull(),
    /** The process and request holding the claim while the handler runs; null once it has answered. */
    owner: text('owner'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    /** Set inside the write transaction, so it is there exactly when the write is. */
    committedAt: timestamp('committed_at', { withTimezone: true }),
    statusCode: integer('status_code'),
    responseBody: text('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created_at_idx').on(t.createdAt)],
);
