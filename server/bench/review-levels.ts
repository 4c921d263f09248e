import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';

/**
 * The endorse transition (二级审核): the committee is given 党委初审, the mid-tree user (at a 党委 one level below the
 * committee) becomes its endorser, and open items of the 党委's branches are put up for closure at its level by the
 * leaf user. Each request then endorses a different item up to the committee. `restore` puts every item back as
 * it was and removes the setting, so that a reused database serves the other measurements unchanged.
 */
export async function prepareEndorsements(db: Db, { endorser, requester, max }: { endorser: string; requester: string; max: number }) {
  const { rows: [who] } = await db.execute<{ endorserId: number; requesterId: number; orgId: number; path: string; kind: string }>(sql`
    SELECT e."id" AS "endorserId", r."id" AS "requesterId", o."id" AS "orgId", o."path", o."kind"
    FROM "users" e JOIN "orgs" o ON o."id" = e."org_id", "users" r WHERE e."username" = ${endorser} AND r."username" = ${requester}`);
  if (who.kind !== 'party_committee') throw new Error(`${endorser} is not at a 党委`);
  const committeeId = Number(who.path.split('/')[1]);
  const { rows: originals } = await db.execute<{ id: number; status: string; requestedBy: number | null }>(sql`
    SELECT i."id", i."status", i."closure_requested_by" AS "requestedBy" FROM "items" i JOIN "orgs" o ON o."id" = i."org_id"
    WHERE o."path" LIKE ${`${who.path}_%`} AND i."status" IN ('issued', 'in_progress', 'closure_requested') ORDER BY i."id" LIMIT ${max}`);
  const ids = originals.map((o) => Number(o.id));
  await db.execute(sql`INSERT INTO "review_endorsers" ("user_id", "created_by") VALUES (${who.endorserId}, ${who.endorserId}) ON CONFLICT DO NOTHING`);
  await db.execute(sql`INSERT INTO "review_level_settings" ("committee_id", "unit_review", "party_review") VALUES (${committeeId}, false, true)
    ON CONFLICT ("committee_id") DO UPDATE SET "unit_review" = false, "party_review" = true`);
  const { rows: items } = await db.execute<{ id: number; version: number }>(sql`
    UPDATE "items" SET "status" = 'closure_requested', "review_level" = 'party', "closure_requested_by" = ${who.requesterId}
    WHERE "id" = ANY(${sql.param(ids)}::bigint[]) RETURNING "id", "version"`);
  let next = 0;
  return {
    count: items.length,
    /** How many prepared items no request has endorsed yet. */
    remaining: () => items.length - next,
    request: () => {
      const item = items[next++ % items.length];
      return { path: `/api/items/${item.id}/transitions`, body: JSON.stringify({ action: 'endorse_closure', version: item.version, comment: '初审通过' }) };
    },
    async restore() {
      await db.execute(sql`
        UPDATE "items" i SET "status" = o."status", "review_level" = NULL, "closure_requested_by" = o."requested_by"
        FROM unnest(${sql.param(ids)}::bigint[], ${sql.param(originals.map((o) => o.status))}::text[], ${sql.param(originals.map((o) => o.requestedBy))}::int[])
          AS o("id", "status", "requested_by")
        WHERE i."id" = o."id"`);
      await db.execute(sql`DELETE FROM "review_level_settings" WHERE "committee_id" = ${committeeId}`);
      await db.execute(sql`DELETE FROM "review_endorsers" WHERE "user_id" = ${who.endorserId}`);
    },
  };
}
