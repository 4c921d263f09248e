import type { ItemAction, ReviewLevel } from '@rectify/shared';
import type { ReviewContext } from './review-levels.context.js';

const closureSteps: readonly ItemAction[] = ['request_closure', 'endorse_closure', 'approve_closure', 'reject_closure'];
const extensionSteps: readonly ItemAction[] = ['request_extension', 'endorse_extension', 'approve_extension', 'reject_extension'];

/**
 * What a step's history entry records about the levels: the level it was decided at, the level the request waits at
 * afterwards, and, for a stand-in, in whose name (shown as "某某（代）"; the entry's actor is the stand-in). Where the
 * committee alone decides, as on a new installation, nothing is added and entries read as they always have.
 */
export function reviewDataOf({
  action,
  waiting,
  after,
  review,
}: {
  action: ItemAction;
  waiting: { closure: ReviewLevel | null; extension: ReviewLevel | null };
  after: { reviewLevel: ReviewLevel | null; extensionReviewLevel: ReviewLevel | null };
  review: ReviewContext;
}): Record<string, unknown> {
  const closure = closureSteps.includes(action);
  if (!closure && !extensionSteps.includes(action)) return {};
  const level = action.startsWith('request_') ? null : closure ? waiting.closure : waiting.extension;
  const next = closure ? after.reviewLevel : after.extensionReviewLevel;
  const onlyCommittee = review.chain.length === 1 && (level ?? 'committee') === 'committee' && (next ?? 'committee') === 'committee';
  if (onlyCommittee) return {};
  const principal = level && level !== 'committee' ? review.onBehalfOf[level] : undefined;
  return { ...(level ? { level } : {}), ...(next ? { nextLevel: next } : {}), ...(principal ? { onBehalfOf: principal } : {}) };
}

/** The levels an item's pending requests wait at, as stored; a request stored without one waits at the committee's. */
export function waitingLevelsOf(row: { status: string; reviewLevel: string | null; pendingExtensionDeadline: string | null; extensionReviewLevel: string | null }) {
  return {
    closure: row.status === 'closure_requested' ? ((row.reviewLevel as ReviewLevel | null) ?? 'committee') : null,
    extension: row.pendingExtensionDeadline ? ((row.extensionReviewLevel as ReviewLevel | null) ?? 'committee') : null,
  };
}
