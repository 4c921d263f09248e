import { desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';
import { apiTokens } from './api-tokens.table.js';

export type ApiTokenInsert = typeof apiTokens.$inferInsert;

const creators = alias(users, 'creator');

const listColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  hint: apiTokens.hint,
  orgId: apiTokens.orgId,
  orgName: orgs.name,
  scope: apiTokens.scope,
  permissions: apiTokens.permissions,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  createdAt: apiTokens.createdAt,
  createdByName: creators.displayName,
  revokedAt: apiTokens.revokedAt,
};

export function createApiTokensRepository({ db }: { db: DbOrTx }) {
  const select = () => db.select(listColumns).from(apiTokens).innerJoin(orgs, eq(orgs.id, apiTokens.orgId)).leftJoin(creators, eq(creators.id, apiTokens.createdBy));

  return {
    async insert(row: ApiTokenInsert) {
      const [{ id }] = await db.insert(apiTokens).values(row).returning({ id: apiTokens.id });
      return { id };
    },

    async findById(id: number) {
      const [token] = await select().where(eq(apiTokens.id, id));
      return { token: token ?? null };
    },

    /** Every token, newest first: a committee keeps a handful, so no paging. */
    async list() {
      return { tokens: await select().orderBy(desc(apiTokens.id)) };
    },

    /** Marks the token revoked unless it already is; returns whether this call did. */
    async revoke(id: number, by: number) {
      const rows = await db
        .update(apiTokens)
        .set({ revokedAt: sql`now()`, revokedBy: by })
        .where(sql`${apiTokens.id} = ${id} AND ${apiTokens.revokedAt} IS NULL`)
        .returning({ id: apiTokens.id });
      return { revoked: rows.length === 1 };
    },

    /** The token a secret's hash names, with what a request needs of its organization. */
    async findForRequest(tokenHash: string) {
      const [row] = await db
        .select({
          id: apiTokens.id,
          name: apiTokens.name,
          scope: apiTokens.scope,
          permissions: apiTokens.permissions,
          expiresAt: apiTokens.expiresAt,
          revokedAt: apiTokens.revokedAt,
          lastUsedAt: apiTokens.lastUsedAt,
          orgId: apiTokens.orgId,
          orgPath: orgs.path,
          orgName: orgs.name,
          orgIsLeaf: sql<boolean>`NOT EXISTS (SELECT 1 FROM "orgs" "child" WHERE "child"."parent_id" = ${orgs.id})`,
        })
        .from(apiTokens)
        .innerJoin(orgs, eq(orgs.id, apiTokens.orgId))
        .where(eq(apiTokens.tokenHash, tokenHash));
      return { token: row ?? null };
    },

    async touch(id: number, at: Date) {
      await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
    },
  };
}
