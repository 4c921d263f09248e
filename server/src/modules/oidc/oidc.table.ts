import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table.js';

/**
 * A sign-in sent to the OpenID provider and not yet back: the browser carries only `state`, the rest stays here.
 * The callback deletes the row as it reads it, so a replayed or forged callback finds nothing.
 */
export const oidcTransactions = pgTable(
  'oidc_transactions',
  {
    state: text('state').primaryKey(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    returnTo: text('return_to'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('oidc_transactions_expires_idx').on(t.expiresAt)],
);

/**
 * A provider-confirmed sign-in waiting for the web app to collect its session with a one-time code (hashed here),
 * so that tokens never travel in an address.
 */
export const oidcHandoffs = pgTable('oidc_handoffs', {
  codeHash: text('code_hash').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  idToken: text('id_token').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** The ID token of a session begun at the provider, kept for the provider's sign-out (`id_token_hint`). */
export const oidcSessions = pgTable('oidc_sessions', {
  familyId: uuid('family_id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  idToken: text('id_token').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
