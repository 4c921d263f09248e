import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { pathInScope } from '../../lib/scope.js';
import { orgs } from '../orgs/orgs.table.js';
import { reviews } from './reviews.table.js';

/**
 * An item may name the review it came from only when that review was held by a committee above (or at) the
 * item's organization; anything else, including a review that does not exist, is the same 400.
 * The caller has already checked that the organizations lie in their scope.
 */
export async function assertReviewLinkable({ db, reviewId, orgPath }: { db: DbOrTx; reviewId: number | null | undefined; orgPath: string | string[] }) {
  if (!reviewId) return;
  const [row] = await db.select({ committeePath: orgs.path }).from(reviews).innerJoin(orgs, eq(orgs.id, reviews.committeeId)).where(eq(reviews.id, reviewId));
  const paths = Array.isArray(orgPath) ? orgPath : [orgPath];
  if (!row || !paths.every((path) => pathInScope(row.committeePath, path))) throw new AppError('items.review_invalid');
}
