import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.table.js';

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    phone: text('phone'),
    email: text('email'),
    disabled: boolean('disabled').notNull().default(false),
    // False for accounts that sign in only through the directory or single sign-on: a local password is refused.
    passwordLogin: boolean('password_login').notNull().default(true),
    // Set when an administrator chose the password (a new account, a reset): until the user picks their own, the API
    // answers nothing but the password change, sign-out and who they are.
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    // Bumped by logout, password change and disabling: every access token carries it, so older ones stop working.
    tokenVersion: integer('token_version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('users_org_idx').on(t.orgId)],
);
