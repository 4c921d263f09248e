import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';

/**
 * An organization's 整改情况报告 at scale: a review held by the leaf clerk's committee that speaks of every
 * twentieth item of the dataset and of all the leaf organization's items, so that the report of one organization is
 * drawn from a large review. `restore` takes the items out of the review again and removes it, so that a reused
 * database serves the other measurements unchanged.
 */
export async function prepareOrgReport(db: Db, { clerk, every = 20 }: { clerk: string; every?: number }) {
  const { rows: [who] } = await db.execute<{ userId: number; orgId: number; path: string }>(sql`
    SELECT u."id" AS "userId", o."id" AS "orgId", o."path" FROM "users" u JOIN "orgs" o ON o."id" = u."org_id" WHERE u."username" = ${clerk}`);
  const committeeId = Number(who.path.split('/')[1]);
  const { rows: [review] } = await db.execute<{ id: number }>(sql`
    INSERT INTO "reviews" ("committee_id", "title", "kind", "held_on", "created_by") VALUES (${committeeId}, '基准测试述职评议', 'report_review', '2026-01-20', ${who.userId}) RETURNING "id"`);
  const reviewId = Number(review.id);
  const { rows: [counts] } = await db.execute<{ all: number; own: number }>(sql`
    WITH marked AS (
      UPDATE "items" SET "review_id" = ${reviewId}
      WHERE "review_id" IS NULL AND ("id" % ${every} = 0 OR "org_id" IN (SELECT "id" FROM "orgs" WHERE "path" LIKE ${`${who.path}%`}))
      RETURNING "org_id")
    SELECT count(*)::int AS "all", (count(*) FILTER (WHERE "org_id" IN (SELECT "id" FROM "orgs" WHERE "path" LIKE ${`${who.path}%`})))::int AS "own" FROM marked`);
  return {
    reviewId,
    orgId: Number(who.orgId),
    reviewItems: counts.all,
    orgItems: counts.own,
    async restore() {
      await db.execute(sql`UPDATE "items" SET "review_id" = NULL WHERE "review_id" = ${reviewId}`);
      await db.execute(sql`DELETE FROM "reviews" WHERE "id" = ${reviewId}`);
    },
  };
}
