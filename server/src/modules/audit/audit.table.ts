import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Who did what and when: sign-ins (and refused ones) and every change an API call made. Append-only: the database
 * refuses UPDATE and TRUNCATE, and DELETE unless the transaction set `rectify.audit_prune` (the retention job).
 * Holds no request bodies, so never a password or token; `username` is null when a sign-in named no account.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    userId: integer('user_id'),
    username: text('username'),
    orgId: integer('org_id'),
    orgPath: text('org_path'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: bigint('target_id', { mode: 'number' }),
    ip: text('ip'),
    userAgent: text('user_agent'),
    status: smallint('status').notNull(),
    detail: jsonb('detail'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_user_at_idx').on(t.userId, t.at), index('audit_log_org_path_idx').on(t.orgPath)],
);
