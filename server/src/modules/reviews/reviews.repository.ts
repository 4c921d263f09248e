import { and, asc, count, desc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { ReviewListQuery } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { escapeLike, itemsUnderPath, type LightContext } from '../items/items.query.js';
import { items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { rollupColumns, type RollupCounts } from './reviews.rollup.js';
import { reviewComments, reviews } from './reviews.table.js';

export type ReviewRow = typeof reviews.$inferSelect;

/**
 * Who sees a review: everyone whose scope holds the committee that held it, and, below that committee,
 * an organization the review commented on or drew items from (it sees only its own part).
 */
function visibleTo(scopePath: string): SQL {
  const like = `${scopePath}%`;
  return sql`(${underPath(orgs.path, scopePath)} OR (${scopePath} LIKE ${orgs.path} || '%' AND (
    EXISTS (SELECT 1 FROM review_comments rc JOIN orgs o ON o.id = rc.org_id WHERE rc.review_id = ${reviews.id} AND o.path LIKE ${like})
    OR EXISTS (SELECT 1 FROM items i JOIN orgs o ON o.id = i.org_id WHERE i.review_id = ${reviews.id} AND o.path LIKE ${like}))))`;
}

export function createReviewsRepository({ db }: { db: DbOrTx }) {
  const selectReviews = () =>
    db.select({ review: reviews, committeeName: orgs.name, committeePath: orgs.path }).from(reviews).innerJoin(orgs, eq(orgs.id, reviews.committeeId));

  return {
    async list(query: ReviewListQuery, scopePath: string) {
      const filters = [visibleTo(scopePath)];
      if (query.kind) filters.push(eq(reviews.kind, query.kind));
      if (query.year) filters.push(sql`${reviews.heldOn} >= ${`${query.year}-01-01`}::date AND ${reviews.heldOn} <= ${`${query.year}-12-31`}::date`);
      if (query.q?.trim()) filters.push(ilike(reviews.title, `%${escapeLike(query.q.trim())}%`));
      const where = and(...filters);
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const [rows, [{ total }]] = await Promise.all([
        selectReviews()
          .where(where)
          .orderBy(desc(reviews.heldOn), desc(reviews.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db.select({ total: count() }).from(reviews).innerJoin(orgs, eq(orgs.id, reviews.committeeId)).where(where),
      ]);
      return { rows, total };
    },

    async findVisible(id: number, scopePath: string) {
      const [row] = await selectReviews().where(and(eq(reviews.id, id), visibleTo(scopePath)));
      return { review: row };
    },

    /** Roll-ups of the caller's items per review, for a page of reviews. */
    async rollups(reviewIds: number[], { scopePath, light }: { scopePath: string; light: LightContext }) {
      if (reviewIds.length === 0) return { byReview: new Map<number, RollupCounts>() };
      const rows = await db
        .select({ reviewId: items.reviewId, ...rollupColumns(light) })
        .from(items)
        .where(and(inArray(items.reviewId, reviewIds), itemsUnderPath(scopePath)))
        .groupBy(items.reviewId);
      return { byReview: new Map(rows.map(({ reviewId, ...counts }) => [reviewId!, counts])) };
    },

    async commentCounts(reviewIds: number[], scopePath: string) {
      if (reviewIds.length === 0) return { byReview: new Map<number, number>() };
      const rows = await db
        .select({ reviewId: reviewComments.reviewId, n: count() })
        .from(reviewComments)
        .innerJoin(orgs, eq(orgs.id, reviewComments.orgId))
        .where(and(inArray(reviewComments.reviewId, reviewIds), underPath(orgs.path, scopePath)))
        .groupBy(reviewComments.reviewId);
      return { byReview: new Map(rows.map((r) => [r.reviewId, Number(r.n)])) };
    },

    async comments(reviewId: number, scopePath: string) {
      const rows = await db
        .select({ comment: reviewComments, orgName: orgs.name, orgPath: orgs.path })
        .from(reviewComments)
        .innerJoin(orgs, eq(orgs.id, reviewComments.orgId))
        .where(and(eq(reviewComments.reviewId, reviewId), underPath(orgs.path, scopePath)))
        .orderBy(asc(orgs.path), asc(orgs.sortOrder));
      return { comments: rows };
    },

    async comment(reviewId: number, orgId: number) {
      const [row] = await db.select().from(reviewComments).where(and(eq(reviewComments.reviewId, reviewId), eq(reviewComments.orgId, orgId)));
      return { comment: row };
    },

    /** Per organization: the caller's items drawn from the review, counted. */
    async orgRollups(reviewId: number, { scopePath, light }: { scopePath: string; light: LightContext }) {
      const rows = await db
        .select({ orgId: items.orgId, orgName: orgs.name, orgPath: orgs.path, ...rollupColumns(light) })
        .from(items)
        .innerJoin(orgs, eq(orgs.id, items.orgId))
        .where(and(eq(items.reviewId, reviewId), itemsUnderPath(scopePath)))
        .groupBy(items.orgId, orgs.name, orgs.path);
      return { rows };
    },

    async insert(values: typeof reviews.$inferInsert) {
      const [row] = await db.insert(reviews).values(values).returning({ id: reviews.id });
      return { id: row.id };
    },

    async update(id: number, values: Partial<typeof reviews.$inferInsert>) {
      await db
        .update(reviews)
        .set({ ...values, updatedAt: sql`now()` })
        .where(eq(reviews.id, id));
    },

    async remove(id: number) {
      await db.delete(reviews).where(eq(reviews.id, id));
    },

    async itemCount(id: number) {
      const [{ n }] = await db.select({ n: count() }).from(items).where(eq(items.reviewId, id));
      return { count: Number(n) };
    },

    async upsertComments(reviewId: number, list: Array<{ orgId: number; text: string }>, actorId: number) {
      if (list.length === 0) return;
      await db
        .insert(reviewComments)
        .values(list.map((c) => ({ reviewId, orgId: c.orgId, text: c.text, updatedBy: actorId })))
        .onConflictDoUpdate({
          target: [reviewComments.reviewId, reviewComments.orgId],
          set: { text: sql`excluded.text`, updatedBy: actorId, updatedAt: sql`now()` },
        });
    },

    async removeComment(reviewId: number, orgId: number) {
      const rows = await db
        .delete(reviewComments)
        .where(and(eq(reviewComments.reviewId, reviewId), eq(reviewComments.orgId, orgId)))
        .returning({ id: reviewComments.id });
      return { removed: rows.length > 0 };
    },

    /** Organizations by id, for checking that each lies in the caller's scope and under the committee. */
    async orgsByIds(ids: number[]) {
      if (ids.length === 0) return { orgs: [] };
      const rows = await db.select({ id: orgs.id, name: orgs.name, path: orgs.path, shortName: orgs.shortName }).from(orgs).where(inArray(orgs.id, ids));
      return { orgs: rows };
    },
  };
}
