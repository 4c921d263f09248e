import { eq, sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { orgs } from '../src/modules/orgs/orgs.table.js';
import { closedOnOrBefore, drawSample } from '../src/modules/rechecks/rechecks.draw.js';

/** Rolls the draw back once made, so that a reused database serves the other measurements unchanged. */
class Undo extends Error {}

/**
 * 回头看 over the whole committee of `supervisor`: every item closed at least six months before `today` is due, and
 * one in ten of them is drawn by a seed and stored with a re-check requested of its organization, as the monthly
 * job does. Each draw runs in a transaction rolled back afterwards: no draw or re-check is left for a later run.
 */
export async function prepareRecheckDraw(db: Db, { supervisor, today, now }: { supervisor: string; today: string; now: Date }) {
  const { rows: [who] } = await db.execute<{ path: string }>(sql`SELECT o."path" FROM "users" u JOIN "orgs" o ON o."id" = u."org_id" WHERE u."username" = ${supervisor}`);
  const committeeId = Number(who.path.split('/')[1]);
  const [committee] = await db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, committeeId));
  const params = { orgId: committeeId, monthsAfterClosure: 6, closedOnOrBefore: closedOnOrBefore(today, 6), percent: 10, categoryIds: [], sources: [] };
  return {
    async draw() {
      let result = { candidates: 0, drawn: 0 };
      await db
        .transaction(async (tx) => {
          result = await drawSample(tx, { committeeId, scopePath: committee.path, params, seed: 'bench-recheck', period: null, drawnBy: null, now });
          throw new Undo();
        })
        .catch((err: unknown) => {
          if (!(err instanceof Undo)) throw err;
        });
      return result;
    },
  };
}
