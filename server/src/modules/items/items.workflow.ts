import type { ItemAction, ItemStatus, ReviewLevel, Role } from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';

/**
 * The closure workflow (逐一销号) as data: for each action, the statuses it starts from, the status it
 * leads to (none: the status stays), the roles that may take it, and whether a comment is required.
 */
export const workflow: Record<ItemAction, { from: readonly ItemStatus[]; to?: ItemStatus; roles: readonly Role[]; comment: boolean; at?: readonly ReviewLevel[] }> = {
  start: { from: ['issued'], to: 'in_progress', roles: ['branch'], comment: false },
  request_closure: { from: ['in_progress'], to: 'closure_requested', roles: ['branch'], comment: true },
  approve_closure: { from: ['closure_requested'], to: 'closed', roles: ['supervisor'], comment: false, at: ['committee'] },
  reject_closure: { from: ['closure_requested'], to: 'in_progress', roles: ['supervisor', 'branch'], comment: true, at: ['unit', 'party', 'committee'] },
  request_extension: { from: ['issued', 'in_progress'], roles: ['branch'], comment: true },
  approve_extension: { from: ['issued', 'in_progress', 'closure_requested'], roles: ['supervisor'], comment: false, at: ['committee'] },
  reject_extension: { from: ['issued', 'in_progress', 'closure_requested'], roles: ['supervisor', 'branch'], comment: true, at: ['unit', 'party', 'committee'] },
  // 二级审核: below the committee a request is endorsed level by level (签字背书 with an opinion) before the committee
  // decides; `at` is the level the request must wait at, and only that level's reviewer takes the step.
  endorse_closure: { from: ['closure_requested'], roles: ['branch'], comment: true, at: ['unit', 'party'] },
  endorse_extension: { from: ['issued', 'in_progress', 'closure_requested'], roles: ['branch'], comment: true, at: ['unit', 'party'] },
  cancel: { from: ['issued', 'objected', 'in_progress', 'closure_requested'], to: 'cancelled', roles: ['supervisor'], comment: true },
  // 签收与异议: `start` above is 签收; an objection waits for the committee to transfer, cancel or answer it.
  object: { from: ['issued'], to: 'objected', roles: ['branch'], comment: true },
  transfer: { from: ['objected'], to: 'issued', roles: ['supervisor'], comment: false },
  reject_objection: { from: ['objected'], to: 'issued', roles: ['supervisor'], comment: true },
};

export const openStatuses: readonly ItemStatus[] = ['issued', 'objected', 'in_progress', 'closure_requested'];

export interface WorkflowItem {
  status: ItemStatus;
  source: string;
  deadline: string;
  extensionCount: number;
  pendingExtensionDeadline: string | null;
  closureRequestedBy: number | null;
  extensionRequestedBy: number | null;
  evidenceCount: number;
  /** The level a pending closure or extension request waits at; unset while one is pending: the committee's. */
  reviewLevel?: ReviewLevel | null;
  extensionReviewLevel?: ReviewLevel | null;
  /** The levels this item's requests climb, in order, the committee last; unset: the committee alone. */
  reviewChain?: readonly ReviewLevel[];
}

export interface WorkflowActor {
  id: number;
  role: Role;
  /** The levels below the committee at which this actor reviews this item (in their own right or standing in). */
  reviews?: readonly ReviewLevel[];
}

const levelOrder: readonly ReviewLevel[] = ['unit', 'party', 'committee'];
const closureDecisions: readonly ItemAction[] = ['endorse_closure', 'approve_closure', 'reject_closure'];

/** The level the request an action decides waits at, or null when no such request is pending. */
function waitingLevel(action: ItemAction, item: WorkflowItem): ReviewLevel | null {
  if (closureDecisions.includes(action)) return item.status === 'closure_requested' ? (item.reviewLevel ?? 'committee') : null;
  return item.pendingExtensionDeadline !== null ? (item.extensionReviewLevel ?? 'committee') : null;
}

/** The committee's supervisors review at its level by their role; below it, whom the service names. */
const reviewsAt = (actor: WorkflowActor, level: ReviewLevel) => (level === 'committee' ? actor.role === 'supervisor' : actor.role === 'branch' && (actor.reviews ?? []).includes(level));

/** The next level of the chain above `level`; a level dropped from the settings meanwhile still leads upward. */
const nextLevel = (chain: readonly ReviewLevel[], level: ReviewLevel) => chain.find((l) => levelOrder.indexOf(l) > levelOrder.indexOf(level)) ?? 'committee';

/** Where pending requests wait after an action: a request starts at the chain's first level, an endorsement moves it up. */
function levelsAfter(action: ItemAction, item: WorkflowItem): { reviewLevel: ReviewLevel | null; extensionReviewLevel: ReviewLevel | null } {
  const chain = item.reviewChain?.length ? item.reviewChain : (['committee'] as const);
  let reviewLevel = item.status === 'closure_requested' ? (item.reviewLevel ?? 'committee') : null;
  let extensionReviewLevel = item.pendingExtensionDeadline !== null ? (item.extensionReviewLevel ?? 'committee') : null;
  if (action === 'request_closure') reviewLevel = chain[0];
  if (action === 'endorse_closure') reviewLevel = nextLevel(chain, reviewLevel!);
  if (action === 'approve_closure' || action === 'reject_closure' || action === 'cancel') reviewLevel = null;
  if (action === 'request_extension') extensionReviewLevel = chain[0];
  if (action === 'endorse_extension') extensionReviewLevel = nextLevel(chain, extensionReviewLevel!);
  if (action === 'approve_extension' || action === 'reject_extension' || action === 'cancel') extensionReviewLevel = null;
  return { reviewLevel, extensionReviewLevel };
}

export interface TransitionInput {
  comment?: string;
  newDeadline?: string;
  withoutEvidence?: boolean;
}

/** The requester of a closure or extension may not also decide it. */
function requesterOf(action: ItemAction, item: WorkflowItem): number | null {
  if (closureDecisions.includes(action)) return item.closureRequestedBy;
  if (action === 'approve_extension' || action === 'reject_extension' || action === 'endorse_extension') return item.extensionRequestedBy;
  return null;
}

type RefusalCode =
  | 'items.action_not_allowed'
  | 'items.illegal_transition'
  | 'items.extension_pending'
  | 'items.extension_cap_reached'
  | 'items.requester_cannot_approve'
  | 'items.review_level_mismatch'
  | 'items.not_level_reviewer';

/**
 * Checks that do not depend on what the caller typed: role, status, pending requests, requester. Returns the
 * refusal's code, not an error: `allowedActions` asks this of every action on every item read.
 */
function structuralRefusal(action: ItemAction, item: WorkflowItem, actor: WorkflowActor, extensionCap: number): RefusalCode | null {
  const rule = workflow[action];
  if (!rule.roles.includes(actor.role)) return 'items.action_not_allowed';
  if (!rule.from.includes(item.status)) return 'items.illegal_transition';
  const pending = item.pendingExtensionDeadline !== null;
  if ((action === 'approve_extension' || action === 'reject_extension' || action === 'endorse_extension') && !pending) return 'items.illegal_transition';
  if (action === 'request_extension' && pending) return 'items.extension_pending';
  if (action === 'request_extension' && item.extensionCount >= extensionCap) return 'items.extension_cap_reached';
  if (requesterOf(action, item) === actor.id) return 'items.requester_cannot_approve';
  if (rule.at) {
    const level = waitingLevel(action, item);
    if (level === null || !rule.at.includes(level)) return 'items.review_level_mismatch';
    if (!reviewsAt(actor, level)) return 'items.not_level_reviewer';
  }
  return null;
}

/** Throws the reason an action is refused; returns the status the item moves to and where pending requests then wait. */
export function decideTransition(
  { action, item, actor, input, extensionCap }: { action: ItemAction; item: WorkflowItem; actor: WorkflowActor; input: TransitionInput; extensionCap: number },
): { to: ItemStatus; reviewLevel: ReviewLevel | null; extensionReviewLevel: ReviewLevel | null } {
  const refusal = structuralRefusal(action, item, actor, extensionCap);
  if (refusal) throw new AppError(refusal);
  const rule = workflow[action];
  if (rule.comment && !input.comment?.trim()) throw new AppError('items.comment_required');
  if (action === 'request_closure' && item.evidenceCount < 1) throw new AppError('items.evidence_required');
  // A ledger carried over from before the evidence rule can await closure with no evidence: closing on nothing is
  // then a choice the supervisor states and signs.
  if (action === 'approve_closure' && item.evidenceCount < 1) {
    if (!input.withoutEvidence) throw new AppError('items.no_evidence_confirm');
    if (!input.comment?.trim()) throw new AppError('items.comment_required');
  }
  if (action === 'request_extension' && (!input.newDeadline || input.newDeadline <= item.deadline)) throw new AppError('items.deadline_invalid');
  return { to: rule.to ?? item.status, ...levelsAfter(action, item) };
}

/** What the caller could do now (the web shows these as buttons). */
export function allowedActions(item: WorkflowItem, actor: WorkflowActor, extensionCap: number): ItemAction[] {
  return (Object.keys(workflow) as ItemAction[]).filter((action) => structuralRefusal(action, item, actor, extensionCap) === null);
}

/** Fields the committee sets (the problem itself) and fields the organization fills in (how it is fixed). */
export const committeeFields = ['source', 'categoryId', 'title', 'description', 'deadline', 'type'] as const;
export const organizationFields = ['rootCause', 'target', 'measures', 'responsibleLeader', 'responsiblePerson', 'remarks'] as const;
export type EditableField = (typeof committeeFields)[number] | (typeof organizationFields)[number];

/**
 * Who may edit what: the committee edits the problem and may help with the rest; the organization fills in
 * its answer, and edits the problem too when it found the problem itself (自身查摆), all but its source: what an
 * organization may not record (a problem from a review or a higher body) it may not relabel its own as either.
 * The deadline changes freely only before work starts; afterwards only through an approved extension.
 */
export function editableFields(item: Pick<WorkflowItem, 'status' | 'source'>, role: Role): EditableField[] {
  if (!openStatuses.includes(item.status)) return [];
  let fields: EditableField[] = [];
  if (role === 'supervisor') fields = [...committeeFields, ...organizationFields];
  if (role === 'branch') fields = item.source === 'self_inspection' ? [...committeeFields.filter((f) => f !== 'source'), ...organizationFields] : [...organizationFields];
  // While objected the item is the committee's to correct: the organization waits for its answer.
  if (item.status === 'objected') return role === 'supervisor' ? fields : [];
  return item.status === 'issued' ? fields : fields.filter((f) => f !== 'deadline');
}
