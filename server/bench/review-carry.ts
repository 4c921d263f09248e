import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { addDays } from '../src/lib/dates.js';

/**
 * 述前述后 at scale: last year's review drew the items of `orgCount` organizations of the committee, and this year's
 * review comments on the same organizations and has every unfinished one of them carried into it. `restore` takes it
 * all away again (the items' review link included), so that a reused database serves the other measurements
 * unchanged.
 */
export async function prepareCarriedReview(db: Db, { supervisor, today, orgCount }: { supervisor: string; today: string; orgCount: number }) {
  const {
    rows: [who],
  } = await db.execute<{ userId: number; committeeId: number }>(sql`
    SELECT u."id" AS "userId", split_part(o."path", '/', 2)::int AS "committeeId" FROM "users" u JOIN "orgs" o ON o."id" = u."org_id" WHERE u."username" = ${supervisor}`);
  const review = async (title: string, heldOn: string) =>
    Number(
      (
        await db.execute<{ id: number }>(sql`
          INSERT INTO "reviews" ("committee_id", "title", "kind", "held_on", "created_by") VALUES (${who.committeeId}, ${title}, 'report_review', ${heldOn}::date, ${who.userId}) RETURNING "id"`)
      ).rows[0].id,
    );
  const first = await review('基准：上年度述职评议', addDays(today, -365));
  const second = await review('基准：本年度述职评议（含转入事项）', today);
  // The organizations with the most items, as a review would comment on the committee's larger units.
  const { rows: orgs } = await db.execute<{ orgId: number }>(sql`
    SELECT "org_id" AS "orgId" FROM "items" WHERE "committee_id" = ${who.committeeId} AND "review_id" IS NULL
    GROUP BY "org_id" ORDER BY count(*) DESC, "org_id" LIMIT ${orgCount}`);
  const orgIds = orgs.map((o) => Number(o.orgId));
  const { rows: drawn } = await db.execute<{ id: number }>(sql`
    UPDATE "items" SET "review_id" = ${first} WHERE "org_id" = ANY(${sql.param(orgIds)}::int[]) AND "review_id" IS NULL RETURNING "id"`);
  await db.execute(sql`
    INSERT INTO "review_comments" ("review_id", "org_id", "text", "updated_by")
    SELECT ${second}, org_id, '一是对上年度问题整改跟踪不够。二是支部标准化建设有差距。', ${who.userId} FROM unnest(${sql.param(orgIds)}::int[]) AS t(org_id)`);
  const { rows: carried } = await db.execute<{ n: number }>(sql`
    WITH c AS (
      INSERT INTO "review_items" ("review_id", "item_id", "kind", "created_by")
      SELECT ${second}, "id", 'carried', ${who.userId} FROM "items" WHERE "review_id" = ${first} AND "status" NOT IN ('closed', 'cancelled')
      RETURNING 1)
    SELECT count(*)::int AS n FROM c`);
  await db.execute(sql`ANALYZE "review_items"`);
  return {
    reviewId: second,
    orgId: orgIds[0],
    drawn: drawn.length,
    carried: Number(carried[0].n),
    async restore() {
      await db.execute(sql`DELETE FROM "review_items" WHERE "review_id" = ${second}`);
      await db.execute(sql`DELETE FROM "review_comments" WHERE "review_id" = ${second}`);
      await db.execute(sql`UPDATE "items" SET "review_id" = NULL WHERE "review_id" = ${first}`);
      await db.execute(sql`DELETE FROM "reviews" WHERE "id" IN (${first}, ${second})`);
    },
  };
}
