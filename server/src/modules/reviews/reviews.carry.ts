import type { CarryBody, CarryResult, EarlierItemsResult, ItemStatus } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { recordHistory } from '../items/items.history.js';
import { createCarryRepository } from './reviews.carry.repository.js';
import { createReviewsRepository } from './reviews.repository.js';

const finished = new Set(['closed', 'cancelled']);

/**
 * 述前述后: the next review answers for the problems of earlier ones. An organization's page in a review lists its
 * items from earlier reviews with their state, and the committee carries the unfinished ones into the new review:
 * the item stays what it was (its first review, code, deadline and history), gains a link to this review and a
 * history entry 转入新一轮述职.
 */
export function createReviewCarry({ db, today }: { db: Db; today: () => string }) {
  const reviewsRepo = createReviewsRepository({ db });

  /** The review as the caller sees it, and the organization: in the caller's scope and under the review's committee. */
  async function reviewAndOrg(user: AuthUser, reviewId: number, orgId: number, { write }: { write: boolean }) {
    const { review } = await reviewsRepo.findVisible(reviewId, user.orgPath);
    if (!review || (write && !pathInScope(user.orgPath, review.committeePath))) throw new AppError('reviews.not_found');
    const {
      orgs: [org],
    } = await reviewsRepo.orgsByIds([orgId]);
    if (!org || !pathInScope(user.orgPath, org.path) || !pathInScope(review.committeePath, org.path)) throw new AppError('orgs.not_found');
    return { review, org };
  }

  return {
    async earlier(user: AuthUser, reviewId: number, orgId: number): Promise<EarlierItemsResult> {
      await reviewAndOrg(user, reviewId, orgId, { write: false });
      const { rows } = await createCarryRepository({ db }).earlier({ reviewId, orgId });
      const now = today();
      const items = rows.map((r) => ({
        ...r,
        status: r.status as ItemStatus,
        closedLate: r.closedLate === true,
        overdue: !finished.has(r.status) && r.deadline < now,
      }));
      return { items, unfinished: items.filter((i) => !finished.has(i.status)).length, carried: items.filter((i) => i.carried).length };
    },

    /** Carries the named items, or every unfinished earlier item of the organization; all of them or none. */
    async carry(user: AuthUser, reviewId: number, body: CarryBody): Promise<CarryResult> {
      const { review } = await reviewAndOrg(user, reviewId, body.orgId, { write: true });
      return db.transaction(async (tx) => {
        const repo = createCarryRepository({ db: tx });
        const { rows } = await repo.earlier({ reviewId, orgId: body.orgId, lock: true });
        const open = new Map(rows.filter((r) => !finished.has(r.status)).map((r) => [r.id, r]));
        const wanted = body.itemIds ?? [...open.keys()];
        if (wanted.some((id) => !open.has(id))) throw new AppError('reviews.carry_invalid');
        const { linked } = await repo.link({ reviewId, itemIds: wanted, actorId: user.id });
        const title = review.review.title;
        await recordHistory(
          tx,
          linked.map((itemId) => {
            const item = open.get(itemId)!;
            return {
              itemId,
              actorId: user.id,
              action: 'carried',
              comment: `转入新一轮述职：${title}`,
              data: { reviewId, reviewTitle: title, firstReviewId: item.reviewId, firstReviewTitle: item.reviewTitle },
            };
          }),
        );
        return { carried: linked.map((id) => ({ id, code: open.get(id)!.code })), already: wanted.length - linked.length };
      });
    },
  };
}

export type ReviewCarry = ReturnType<typeof createReviewCarry>;
