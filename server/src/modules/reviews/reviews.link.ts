import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { pathInScope } from '../../lib/scope.js';
import { createReviewsRepository } from './reviews.repository.js';

/**
 * The review a new item (or import) names, if the caller may see it: linking a review would otherwise show the
 * caller its title, notes and totals, and 201 against 400 would tell which ids exist. A review the caller cannot
 * see answers exactly like one that does not exist: null.
 */
export async function findLinkableReview({ db, reviewId, scopePath }: { db: DbOrTx; reviewId: number; scopePath: string }) {
  const { review } = await createReviewsRepository({ db }).findVisible(reviewId, scopePath);
  return review ? { id: review.review.id, committeePath: review.committeePath } : null;
}

/**
 * An item may name the review it came from only when the caller sees that review and it was held by a committee
 * above (or at) the item's organization; anything else, including a review that does not exist, is the same 400.
 * The caller has already checked that the organizations lie in their scope.
 */
export async function assertReviewLinkable({
  db,
  reviewId,
  orgPath,
  scopePath,
}: {
  db: DbOrTx;
  reviewId: number | null | undefined;
  orgPath: string | string[];
  /** The caller's scope (`AuthUser.orgPath`). */
  scopePath: string;
}) {
  if (!reviewId) return;
  const review = await findLinkableReview({ db, reviewId, scopePath });
  const paths = Array.isArray(orgPath) ? orgPath : [orgPath];
  if (!review || !paths.every((path) => pathInScope(review.committeePath, path))) throw new AppError('items.review_invalid');
}
