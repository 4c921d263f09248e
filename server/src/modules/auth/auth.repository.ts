import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { loginAttempts, loginThrottle, refreshTokens } from './auth.table.js';

/** Failed password checks allowed per window: per account and source, per source, per account. */
export interface ThrottleLimits {
  accountSource: number;
  source: number;
  account: number;
}

export async function revokeAllRefreshTokens(db: DbOrTx, userId: number) {
  await db.update(refreshTokens).set({ revokedAt: sql`now()` }).where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

export function createAuthRepository({ db }: { db: DbOrTx }) {
  return {
    async recordAttempt(values: { username: string; ip: string; success: boolean; reason?: string }) {
      await db.insert(loginAttempts).values({ ...values, reason: values.reason ?? null });
    },

    /**
     * Charges one password check to the counters of (account, source), source and account, in that order and only
     * while each is under its limit: a later counter is charged only when the earlier ones were. The account's own
     * counter, the one a stranger could use to lock a user out, thus counts only checks that every other limit let
     * through. One statement: ON CONFLICT DO UPDATE locks the row and re-reads its latest value, so parallel checks
     * from any number of processes count one after the other. Answers which scope refused, if any.
     */
    async chargeCheck({ username, ip, windowStart, limits }: { username: string; ip: string; windowStart: Date; limits: ThrottleLimits }) {
      const at = windowStart.toISOString();
      const upsert = (scope: string, name: string, address: string, max: number, after?: string) => sql`
        INSERT INTO login_throttle AS t (scope, username, ip, window_start, failures)
        SELECT ${scope}, ${name}, ${address}, ${at}::timestamptz, 1 ${after ? sql.raw(`FROM ${after}`) : sql``} WHERE ${max}::int > 0
        ON CONFLICT (scope, username, ip, window_start) DO UPDATE SET failures = t.failures + 1 WHERE t.failures < ${max}::int
        RETURNING 1`;
      const { rows } = await db.execute<{ pair: number; source: number; account: number }>(sql`
        WITH pair AS (${upsert('account_source', username, ip, limits.accountSource)}),
        source AS (${upsert('source', '', ip, limits.source, 'pair')}),
        account AS (${upsert('account', username, '', limits.account, 'source')})
        SELECT (SELECT count(*) FROM pair)::int AS pair, (SELECT count(*) FROM source)::int AS source, (SELECT count(*) FROM account)::int AS account`);
      const [{ pair, source, account }] = rows;
      const refusedBy = !pair ? 'account_source' : !source ? 'source' : !account ? 'account' : undefined;
      return { refusedBy };
    },

    /** Gives back a charged check whose password was right: only failures stay counted. */
    async refundCheck({ username, ip, windowStart }: { username: string; ip: string; windowStart: Date }) {
      await db.execute(sql`
        UPDATE login_throttle SET failures = failures - 1
        WHERE window_start = ${windowStart.toISOString()}::timestamptz AND failures > 0
          AND ((scope = 'account_source' AND username = ${username} AND ip = ${ip})
            OR (scope = 'source' AND username = '' AND ip = ${ip})
            OR (scope = 'account' AND username = ${username} AND ip = ''))`);
    },

    async deleteThrottleBefore(windowStart: Date) {
      await db.delete(loginThrottle).where(lt(loginThrottle.windowStart, windowStart));
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
