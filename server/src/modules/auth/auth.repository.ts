import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { loginAttempts, refreshTokens } from './auth.table.js';

export async function revokeAllRefreshTokens(db: DbOrTx, userId: number) {
  await db.update(refreshTokens).set({ revokedAt: sql`now()` }).where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

export function createAuthRepository({ db }: { db: DbOrTx }) {
  return {
    async recordAttempt(values: { username: string; ip: string; success: boolean; reason?: string }) {
      await db.insert(loginAttempts).values({ ...values, reason: values.reason ?? null });
    },

    async recentFailures({ username, ip, since }: { username: string; ip: string; since: Date }) {
      const failed = and(eq(loginAttempts.success, false), gt(loginAttempts.at, since));
      const [[byUser], [byIp]] = await Promise.all([
        db.select({ n: count() }).from(loginAttempts).where(and(failed, eq(loginAttempts.username, username))),
        db.select({ n: count() }).from(loginAttempts).where(and(failed, eq(loginAttempts.ip, ip))),
      ]);
      return { byUser: byUser.n, byIp: byIp.n };
    },

    async insertRefreshToken(values: { tokenHash: string; familyId: string; userId: number; expiresAt: Date }) {
      await db.insert(refreshTokens).values(values);
    },

    async findRefreshToken(tokenHash: string) {
      const [token] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
      return { token };
    },

    /** Marks a token used; false when another request already used or revoked it. */
    async consumeRefreshToken(id: number) {
      const rows = await db
        .update(refreshTokens)
        .set({ usedAt: sql`now()` })
        .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
        .returning({ id: refreshTokens.id });
      return { consumed: rows.length === 1 };
    },

    async revokeFamily(familyId: string) {
      await db.update(refreshTokens).set({ revokedAt: sql`now()` }).where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
    },
  };
}
