import { and, eq, gt, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { oidcHandoffs, oidcSessions, oidcTransactions } from './oidc.table.js';

export function createOidcRepository({ db }: { db: DbOrTx }) {
  return {
    async insertTransaction(values: typeof oidcTransactions.$inferInsert) {
      await db.insert(oidcTransactions).values(values);
    },

    /** Reads and removes in one statement: of two callbacks with the same state, one at most gets the row. */
    async takeTransaction({ state, now }: { state: string; now: Date }) {
      const [transaction] = await db.delete(oidcTransactions).where(eq(oidcTransactions.state, state)).returning();
      return { transaction: transaction && transaction.expiresAt > now ? transaction : undefined };
    },

    async insertHandoff(values: typeof oidcHandoffs.$inferInsert) {
      await db.insert(oidcHandoffs).values(values);
    },

    async takeHandoff({ codeHash, now }: { codeHash: string; now: Date }) {
      const [handoff] = await db.delete(oidcHandoffs).where(and(eq(oidcHandoffs.codeHash, codeHash), gt(oidcHandoffs.expiresAt, now))).returning();
      return { handoff };
    },

    /** Forgets sign-ins that never came back or were never collected. */
    async sweep(now: Date) {
      await db.delete(oidcTransactions).where(lt(oidcTransactions.expiresAt, now));
      await db.delete(oidcHandoffs).where(lt(oidcHandoffs.expiresAt, now));
    },

    async insertSession(values: typeof oidcSessions.$inferInsert) {
      await db.insert(oidcSessions).values(values);
    },

    /** Signing out ends every session of the account, so every provider session on record goes; the newest is answered. */
    async takeSessions(userId: number) {
      const rows = await db.delete(oidcSessions).where(eq(oidcSessions.userId, userId)).returning();
      const [latest] = rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      return { latest };
    },
  };
}
