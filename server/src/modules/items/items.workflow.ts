import type { ItemAction, ItemStatus, Role } from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';

/**
 * The closure workflow (逐一销号) as data: for each action, the statuses it starts from, the status it
 * leads to (none: the status stays), the roles that may take it, and whether a comment is required.
 */
export const workflow: Record<ItemAction, { from: readonly ItemStatus[]; to?: ItemStatus; roles: readonly Role[]; comment: boolean }> = {
  start: { from: ['issued'], to: 'in_progress', roles: ['branch'], comment: false },
  request_closure: { from: ['in_progress'], to: 'closure_requested', roles: ['branch'], comment: true },
  approve_closure: { from: ['closure_requested'], to: 'closed', roles: ['supervisor'], comment: false },
  reject_closure: { from: ['closure_requested'], to: 'in_progress', roles: ['supervisor'], comment: true },
  request_extension: { from: ['issued', 'in_progress'], roles: ['branch'], comment: true },
  approve_extension: { from: ['issued', 'in_progress', 'closure_requested'], roles: ['supervisor'], comment: false },
  reject_extension: { from: ['issued', 'in_progress', 'closure_requested'], roles: ['supervisor'], comment: true },
  cancel: { from: ['issued', 'in_progress', 'closure_requested'], to: 'cancelled', roles: ['supervisor'], comment: true },
};

export const openStatuses: readonly ItemStatus[] = ['issued', 'in_progress', 'closure_requested'];

export interface WorkflowItem {
  status: ItemStatus;
  source: string;
  deadline: string;
  extensionCount: number;
  pendingExtensionDeadline: string | null;
  closureRequestedBy: number | null;
  extensionRequestedBy: number | null;
  evidenceCount: number;
}

export interface WorkflowActor {
  id: number;
  role: Role;
}

export interface TransitionInput {
  comment?: string;
  newDeadline?: string;
  withoutEvidence?: boolean;
}

/** The requester of a closure or extension may not also decide it. */
function requesterOf(action: ItemAction, item: WorkflowItem): number | null {
  if (action === 'approve_closure' || action === 'reject_closure') return item.closureRequestedBy;
  if (action === 'approve_extension' || action === 'reject_extension') return item.extensionRequestedBy;
  return null;
}

type RefusalCode = 'items.action_not_allowed' | 'items.illegal_transition' | 'items.extension_pending' | 'items.extension_cap_reached' | 'items.requester_cannot_approve';

/**
 * Checks that do not depend on what the caller typed: role, status, pending requests, requester. Returns the
 * refusal's code, not an error: `allowedActions` asks this of every action on every item read.
 */
function structuralRefusal(action: ItemAction, item: WorkflowItem, actor: WorkflowActor, extensionCap: number): RefusalCode | null {
  const rule = workflow[action];
  if (!rule.roles.includes(actor.role)) return 'items.action_not_allowed';
  if (!rule.from.includes(item.status)) return 'items.illegal_transition';
  const pending = item.pendingExtensionDeadline !== null;
  if ((action === 'approve_extension' || action === 'reject_extension') && !pending) return 'items.illegal_transition';
  if (action === 'request_extension' && pending) return 'items.extension_pending';
  if (action === 'request_extension' && item.extensionCount >= extensionCap) return 'items.extension_cap_reached';
  if (requesterOf(action, item) === actor.id) return 'items.requester_cannot_approve';
  return null;
}

/** Throws the reason an action is refused; returns the status the item moves to. */
export function decideTransition(
  { action, item, actor, input, extensionCap }: { action: ItemAction; item: WorkflowItem; actor: WorkflowActor; input: TransitionInput; extensionCap: number },
): { to: ItemStatus } {
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
  return { to: rule.to ?? item.status };
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
  return item.status === 'issued' ? fields : fields.filter((f) => f !== 'deadline');
}
