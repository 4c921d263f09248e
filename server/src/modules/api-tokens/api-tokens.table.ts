import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';

/**
 * Tokens other systems send as `Authorization: Bearer rtk_…`. Only the SHA-256 of the secret is kept; `hint` is its
 * first characters, so an administrator can tell tokens apart without the secret. The name is unique for good,
 * revoked tokens included, because the audit log records a token's requests under its name.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull().unique(),
    tokenHash: text('token_hash').notNull().unique(),
    hint: text('hint').notNull(),
    /** The organization whose subtree the token sees; a token goes with its organization. */
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    /** `read`: every permission a token may hold; `custom`: exactly `permissions`. */
    scope: text('scope').notNull(),
    permissions: text('permissions').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: integer('revoked_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('api_tokens_org_idx').on(t.orgId)],
);
