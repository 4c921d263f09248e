import {
  reviewKindSource,
  type ConfirmDraftsBody,
  type CreateReviewBody,
  type ExtractBody,
  type ExtractResult,
  type Review,
  type ReviewDetail,
  type ReviewKind,
  type ReviewListQuery,
  type UpdateReviewBody,
} from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { activeCategories, assertActiveCategories } from '../categories/categories.service.js';
import { AppError } from '../../lib/app-error.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { insertItemsBulk } from '../items-bulk/items-bulk.js';
import type { ItemsDeps } from '../items/items.service.js';
import type { LightContext } from '../items/items.query.js';
import { extractDrafts } from './extract/extract.js';
import { itemsFromReview, matchExisting } from './reviews.duplicates.js';
import { createCarryRepository } from './reviews.carry.repository.js';
import { createReviewsRepository } from './reviews.repository.js';
import { toRollup, type RollupCounts } from './reviews.rollup.js';
import type { reviews } from './reviews.table.js';

type ReviewWithCommittee = { review: typeof reviews.$inferSelect; committeeName: string; committeePath: string };

function toReview(row: ReviewWithCommittee, counts: RollupCounts | undefined, commentCount: number): Review {
  const r = row.review;
  return {
    id: r.id,
    title: r.title,
    kind: r.kind as ReviewKind,
    heldOn: r.heldOn,
    committeeId: r.committeeId,
    committeeName: row.committeeName,
    notes: r.notes,
    commentCount,
    rollup: toRollup(counts),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function createReviewsService({ db, settings, today, events }: ItemsDeps) {
  const repo = createReviewsRepository({ db });
  const lightContext = async (): Promise<LightContext> => ({ today: today(), yellowDays: (await settings.windows(today())).yellowDays });

  async function getVisible(user: AuthUser, id: number) {
    const { review } = await repo.findVisible(id, user.orgPath);
    if (!review) throw new AppError('reviews.not_found');
    return { review };
  }

  /** Changing a review needs its committee in the caller's scope; seeing it is not enough. */
  async function getWritable(user: AuthUser, id: number) {
    const { review } = await getVisible(user, id);
    if (!pathInScope(user.orgPath, review.committeePath)) throw new AppError('reviews.not_found');
    return { review };
  }

  /** Organizations a review may speak of: in the caller's scope and under the committee that held it. */
  async function orgsFor(user: AuthUser, committeePath: string, orgIds: number[], conn: DbOrTx = db) {
    const { orgs } = await createReviewsRepository({ db: conn }).orgsByIds([...new Set(orgIds)]);
    const ok = orgs.filter((o) => pathInScope(user.orgPath, o.path) && pathInScope(committeePath, o.path));
    if (ok.length !== new Set(orgIds).size) throw new AppError('orgs.not_found');
    return { orgs: new Map(ok.map((o) => [o.id, o])) };
  }

  return {
    getVisible,

    async list(user: AuthUser, query: ReviewListQuery) {
      const { rows, total } = await repo.list(query, user.orgPath);
      const ids = rows.map((r) => r.review.id);
      const [{ byReview: rollups }, { byReview: comments }] = await Promise.all([
        repo.rollups(ids, { scopePath: user.orgPath, light: await lightContext() }),
        repo.commentCounts(ids, user.orgPath),
      ]);
      return { items: rows.map((row) => toReview(row, rollups.get(row.review.id), comments.get(row.review.id) ?? 0)), total };
    },

    async detail(user: AuthUser, id: number): Promise<ReviewDetail> {
      const { review } = await getVisible(user, id);
      const scope = { scopePath: user.orgPath, light: await lightContext() };
      const [{ comments }, { rows: perOrg }, { rows: carriedPerOrg }] = await Promise.all([
        repo.comments(id, user.orgPath),
        repo.orgRollups(id, scope),
        createCarryRepository({ db }).carriedRollups({ reviewId: id, ...scope }),
      ]);
      type OrgRow = { orgId: number; orgName: string; path: string; hasComment: boolean; counts?: RollupCounts; carried?: RollupCounts };
      const byOrg = new Map<number, OrgRow>();
      for (const c of comments) byOrg.set(c.comment.orgId, { orgId: c.comment.orgId, orgName: c.orgName, path: c.orgPath, hasComment: true });
      const total: RollupCounts = { total: 0, closed: 0, closedLate: 0, cancelled: 0, overdue: 0 };
      const carried: RollupCounts = { ...total };
      const add = (sum: RollupCounts, counts: RollupCounts) => {
        for (const key of Object.keys(sum) as Array<keyof RollupCounts>) sum[key] += counts[key];
      };
      for (const { orgId, orgName, orgPath, ...counts } of perOrg) {
        byOrg.set(orgId, { orgId, orgName, path: orgPath, hasComment: byOrg.has(orgId), counts });
        add(total, counts);
      }
      // Items carried in from earlier reviews (述前述后) are counted apart from the ones first found in this review.
      for (const { orgId, orgName, orgPath, ...counts } of carriedPerOrg) {
        const row = byOrg.get(orgId) ?? { orgId, orgName, path: orgPath, hasComment: false };
        byOrg.set(orgId, { ...row, carried: counts });
        add(carried, counts);
      }
      return {
        ...toReview(review, total, comments.length),
        carried: toRollup(carried),
        comments: comments.map((c) => ({ orgId: c.comment.orgId, orgName: c.orgName, text: c.comment.text, updatedAt: c.comment.updatedAt.toISOString() })),
        organizations: [...byOrg.values()]
          .sort((a, b) => a.path.localeCompare(b.path))
          .map((o) => ({ orgId: o.orgId, orgName: o.orgName, hasComment: o.hasComment, rollup: toRollup(o.counts), carried: toRollup(o.carried) })),
      };
    },

    async create(user: AuthUser, body: CreateReviewBody) {
      const {
        orgs: [committee],
      } = await repo.orgsByIds([body.committeeId ?? user.orgId]);
      if (!committee || !pathInScope(user.orgPath, committee.path)) throw new AppError('orgs.not_found');
      const comments = body.comments ?? [];
      const id = await db.transaction(async (tx) => {
        await orgsFor(user, committee.path, comments.map((c) => c.orgId), tx);
        const txRepo = createReviewsRepository({ db: tx });
        const { id } = await txRepo.insert({
          committeeId: committee.id,
          title: body.title.trim(),
          kind: body.kind,
          heldOn: body.heldOn,
          notes: body.notes?.trim() || null,
          createdBy: user.id,
        });
        await txRepo.upsertComments(id, comments, user.id);
        return id;
      });
      return this.detail(user, id);
    },

    async update(user: AuthUser, id: number, body: UpdateReviewBody) {
      await getWritable(user, id);
      await repo.update(id, {
        title: body.title?.trim(),
        kind: body.kind,
        heldOn: body.heldOn,
        notes: body.notes === undefined ? undefined : body.notes?.trim() || null,
      });
      return this.detail(user, id);
    },

    async remove(user: AuthUser, id: number) {
      await getWritable(user, id);
      await db.transaction(async (tx) => {
        const txRepo = createReviewsRepository({ db: tx });
        if ((await txRepo.itemCount(id)).count > 0) throw new AppError('reviews.has_items');
        await txRepo.remove(id);
      });
    },

    async putComment(user: AuthUser, id: number, orgId: number, text: string) {
      const { review } = await getWritable(user, id);
      const { orgs } = await orgsFor(user, review.committeePath, [orgId]);
      await repo.upsertComments(id, [{ orgId, text }], user.id);
      const { comment } = await repo.comment(id, orgId);
      return { orgId, orgName: orgs.get(orgId)!.name, text: comment.text, updatedAt: comment.updatedAt.toISOString() };
    },

    async removeComment(user: AuthUser, id: number, orgId: number) {
      const { review } = await getWritable(user, id);
      await orgsFor(user, review.committeePath, [orgId]);
      const { removed } = await repo.removeComment(id, orgId);
      if (!removed) throw new AppError('reviews.comment_missing');
    },

    /** Draft items from a comment; nothing is written. */
    async extract(user: AuthUser, id: number, body: ExtractBody): Promise<ExtractResult> {
      const { review } = await getWritable(user, id);
      const { orgs } = await orgsFor(user, review.committeePath, [body.orgId]);
      const text = body.text ?? (await repo.comment(id, body.orgId)).comment?.text;
      if (!text) throw new AppError('reviews.comment_missing');
      const { categories: options } = await activeCategories(db);
      const result = extractDrafts(text, options);
      const { existing } = await itemsFromReview(db, { reviewId: id, orgId: body.orgId });
      const drafts = result.drafts.map((draft) => {
        const match = matchExisting(draft, existing);
        return { ...draft, existing: match && { id: match.id, code: match.code } };
      });
      return {
        orgId: body.orgId,
        orgName: orgs.get(body.orgId)!.name,
        source: reviewKindSource[review.review.kind as ReviewKind],
        ...result,
        drafts,
      };
    },

    /** The drafts the supervisor kept (and edited), created together with the comment in one transaction. */
    async confirm(user: AuthUser, id: number, body: ConfirmDraftsBody) {
      const { review } = await getWritable(user, id);
      const source = body.source ?? reviewKindSource[review.review.kind as ReviewKind];
      const year = today().slice(0, 4);
      const created = await db.transaction(async (tx) => {
        const { orgs } = await orgsFor(user, review.committeePath, [body.orgId], tx);
        const org = orgs.get(body.orgId)!;
        await assertActiveCategories(tx, body.items.map((i) => i.categoryId));
        if (!body.allowDuplicates) {
          const { existing } = await itemsFromReview(tx, { reviewId: id, orgId: org.id });
          const repeats = body.items.flatMap((draft) => matchExisting(draft, existing)?.code ?? []);
          if (repeats.length) throw new AppError('reviews.drafts_duplicate', { details: { codes: repeats } });
        }
        if (body.comment) await createReviewsRepository({ db: tx }).upsertComments(id, [{ orgId: org.id, text: body.comment }], user.id);
        const { created } = await insertItemsBulk(tx, {
          items: body.items.map((draft) => ({ ...draft, org, source, reviewId: id, historyData: { reviewId: id } })),
          actor: user,
          year,
          events,
        });
        return created;
      });
      return { items: created };
    },
  };
}

export type ReviewsService = ReturnType<typeof createReviewsService>;
