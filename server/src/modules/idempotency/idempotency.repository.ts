import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { idempotencyKeys } from './idempotency.table.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;
type Claimed = Pick<IdempotencyRow, 'userId' | 'key' | 'owner'>;

const ofKey = (row: Pick<IdempotencyRow, 'userId' | 'key'>) => and(eq(idempotencyKeys.userId, row.userId), eq(idempotencyKeys.key, row.key));
const heldBy = (row: Claimed) => and(ofKey(row), eq(idempotencyKeys.owner, row.owner!));

export function createIdempotencyRepository({ db }: { db: DbOrTx }) {
  return {
    /** The new claim, or nothing when the user already has a row for this key. */
    async insertClaim(row: Omit<IdempotencyRow, 'committedAt' | 'statusCode' | 'responseBody'>) {
      const [claimed] = await db.insert(idempotencyKeys).values(row).onConflictDoNothing().returning({ key: idempotencyKeys.key });
      return { claimed: !!claimed };
    },

    async find(row: Pick<IdempotencyRow, 'userId' | 'key'>) {
      const [found] = await db.select().from(idempotencyKeys).where(ofKey(row));
      return { row: found };
    },

    /** Takes over a claim whose request ended without committing; false if someone else got there first. */
    async takeOver(previous: Claimed, next: { owner: string; claimedAt: Date }) {
      const owner = previous.owner === null ? isNull(idempotencyKeys.owner) : eq(idempotencyKeys.owner, previous.owner);
      const taken = await db
        .update(idempotencyKeys)
        .set(next)
        .where(and(ofKey(previous), owner, isNull(idempotencyKeys.committedAt), isNull(idempotencyKeys.statusCode)))
        .returning({ key: idempotencyKeys.key });
      return { taken: taken.length > 0 };
    },

    async markCommitted(row: Claimed, at: Date) {
      await db.update(idempotencyKeys).set({ committedAt: at }).where(and(heldBy(row), isNull(idempotencyKeys.committedAt)));
    },

    async storeAnswer(row: Claimed, answer: { statusCode: number; responseBody: string }) {
      await db.update(idempotencyKeys).set({ ...answer, owner: null }).where(heldBy(row));
    },

    /** Ends a claim without an answer: forgotten if nothing was committed, kept (as committed) otherwise. */
    async release(row: Claimed) {
      await db.delete(idempotencyKeys).where(and(heldBy(row), isNull(idempotencyKeys.committedAt)));
      await db.update(idempotencyKeys).set({ owner: null }).where(heldBy(row));
    },

    async deleteExpired(before: Date) {
      const deleted = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).returning({ n: sql<number>`1` });
      return { deleted: deleted.length };
    },
  };
}
