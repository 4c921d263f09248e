import { describe, expect, it } from 'vitest';
import { itemActions, itemStatuses, reviewLevels, roles, type ItemAction, type ItemStatus, type ReviewLevel, type Role } from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';
import { allowedActions, decideTransition, editableFields, type WorkflowItem } from './items.workflow.js';

const base: WorkflowItem = {
  status: 'in_progress',
  source: 'review',
  deadline: '2026-08-31',
  extensionCount: 0,
  pendingExtensionDeadline: null,
  closureRequestedBy: null,
  extensionRequestedBy: null,
  evidenceCount: 1,
};

/**
 * The expected outcome of every action from every status for every role at every review level: the status reached, or
 * the refusal. `at` names, for an action that decides a request, the roles that review at each level it may be taken
 * at (the branch actor below is an endorser at the unit and the 党委 levels).
 */
const expected: Record<ItemAction, { roles: Role[]; from: Partial<Record<ItemStatus, ItemStatus>>; at?: Partial<Record<ReviewLevel, Role[]>> }> = {
  start: { roles: ['branch'], from: { issued: 'in_progress' } },
  request_closure: { roles: ['branch'], from: { in_progress: 'closure_requested' } },
  approve_closure: { roles: ['supervisor'], from: { closure_requested: 'closed' }, at: { committee: ['supervisor'] } },
  reject_closure: { roles: ['supervisor', 'branch'], from: { closure_requested: 'in_progress' }, at: { unit: ['branch'], party: ['branch'], committee: ['supervisor'] } },
  endorse_closure: { roles: ['branch'], from: { closure_requested: 'closure_requested' }, at: { unit: ['branch'], party: ['branch'] } },
  request_extension: { roles: ['branch'], from: { issued: 'issued', in_progress: 'in_progress' } },
  approve_extension: { roles: ['supervisor'], from: { issued: 'issued', in_progress: 'in_progress', closure_requested: 'closure_requested' }, at: { committee: ['supervisor'] } },
  reject_extension: {
    roles: ['supervisor', 'branch'],
    from: { issued: 'issued', in_progress: 'in_progress', closure_requested: 'closure_requested' },
    at: { unit: ['branch'], party: ['branch'], committee: ['supervisor'] },
  },
  endorse_extension: { roles: ['branch'], from: { issued: 'issued', in_progress: 'in_progress', closure_requested: 'closure_requested' }, at: { unit: ['branch'], party: ['branch'] } },
  cancel: { roles: ['supervisor'], from: { issued: 'cancelled', objected: 'cancelled', in_progress: 'cancelled', closure_requested: 'cancelled' } },
  object: { roles: ['branch'], from: { issued: 'objected' } },
  transfer: { roles: ['supervisor'], from: { objected: 'issued' } },
  reject_objection: { roles: ['supervisor'], from: { objected: 'issued' } },
};

const input = { comment: '说明', newDeadline: '2026-10-31' };
const extensionDecisions: ItemAction[] = ['approve_extension', 'reject_extension', 'endorse_extension'];
const cases = itemActions.flatMap((action) =>
  itemStatuses.flatMap((status) => roles.flatMap((role) => reviewLevels.map((level) => ({ action, status, role, level })))),
);

describe('the workflow table', () => {
  it.each(cases)('$role: $action from $status at $level', ({ action, status, role, level }) => {
    const pending = extensionDecisions.includes(action) ? '2026-10-31' : null;
    const item: WorkflowItem = {
      ...base,
      status,
      pendingExtensionDeadline: pending,
      extensionRequestedBy: pending ? 99 : null,
      closureRequestedBy: 98,
      reviewLevel: level,
      extensionReviewLevel: level,
      reviewChain: ['unit', 'party', 'committee'],
    };
    const rule = expected[action];
    const run = () => decideTransition({ action, item, actor: { id: 1, role, reviews: ['unit', 'party'] }, input, extensionCap: 2 });
    if (!rule.roles.includes(role)) return expect(run).toThrow(expect.objectContaining({ code: 'items.action_not_allowed' }));
    const to = rule.from[status];
    if (!to) return expect(run).toThrow(expect.objectContaining({ code: 'items.illegal_transition' }));
    const reviewers = rule.at?.[level];
    if (rule.at && !reviewers) return expect(run).toThrow(expect.objectContaining({ code: 'items.review_level_mismatch' }));
    if (reviewers && !reviewers.includes(role)) return expect(run).toThrow(expect.objectContaining({ code: 'items.not_level_reviewer' }));
    expect(run()).toMatchObject({ to });
  });
});

describe('the rules around the table', () => {
  const decide = (action: ItemAction, item: Partial<WorkflowItem>, extra: Partial<typeof input> = {}, actorId = 1) =>
    () => decideTransition({ action, item: { ...base, ...item }, actor: { id: actorId, role: action.startsWith('request') ? 'branch' : 'supervisor' }, input: { ...input, ...extra }, extensionCap: 2 });
  const code = (fn: () => unknown) => {
    try {
      fn();
      return 'ok';
    } catch (err) {
      return (err as AppError).code;
    }
  };

  it('when the one who requested closure tries to decide it, it is refused', () => {
    expect(code(decide('approve_closure', { status: 'closure_requested', closureRequestedBy: 7 }, {}, 7))).toBe('items.requester_cannot_approve');
    expect(code(decide('reject_closure', { status: 'closure_requested', closureRequestedBy: 7 }, {}, 7))).toBe('items.requester_cannot_approve');
    expect(code(decide('approve_closure', { status: 'closure_requested', closureRequestedBy: 7 }, {}, 8))).toBe('ok');
  });

  it('when the one who requested an extension tries to decide it, it is refused', () => {
    expect(code(decide('approve_extension', { pendingExtensionDeadline: '2026-10-01', extensionRequestedBy: 7 }, {}, 7))).toBe('items.requester_cannot_approve');
  });

  it('when closure is requested without evidence or statement, it is refused', () => {
    expect(code(decide('request_closure', { evidenceCount: 0 }))).toBe('items.evidence_required');
    expect(code(decide('request_closure', {}, { comment: '  ' }))).toBe('items.comment_required');
  });

  it('when a comment is required (return, reject, cancel, request extension), a blank one is refused', () => {
    expect(code(decide('reject_closure', { status: 'closure_requested' }, { comment: '' }))).toBe('items.comment_required');
    expect(code(decide('cancel', {}, { comment: '' }))).toBe('items.comment_required');
  });

  it('when extensions reach the cap, or one is pending, or the new date is not later, the request is refused', () => {
    expect(code(decide('request_extension', { extensionCount: 2 }))).toBe('items.extension_cap_reached');
    expect(code(decide('request_extension', { pendingExtensionDeadline: '2026-09-30' }))).toBe('items.extension_pending');
    expect(code(decide('request_extension', {}, { newDeadline: '2026-08-31' }))).toBe('items.deadline_invalid');
    expect(code(decide('request_extension', {}, { newDeadline: undefined }))).toBe('items.deadline_invalid');
  });

  it('when nothing is pending, approving or rejecting an extension is an illegal transition', () => {
    expect(code(decide('approve_extension', {}))).toBe('items.illegal_transition');
  });

  it('lists as allowed exactly the actions that would not be refused for structural reasons', () => {
    expect(allowedActions({ ...base, status: 'issued' }, { id: 1, role: 'branch' }, 2)).toEqual(['start', 'request_extension', 'object']);
    expect(allowedActions({ ...base, status: 'closure_requested', closureRequestedBy: 1 }, { id: 1, role: 'supervisor' }, 2)).toEqual(['cancel']);
    expect(allowedActions({ ...base, status: 'closure_requested', closureRequestedBy: 5 }, { id: 1, role: 'supervisor' }, 2)).toEqual(['approve_closure', 'reject_closure', 'cancel']);
    expect(allowedActions(base, { id: 1, role: 'viewer' }, 2)).toEqual([]);
    expect(allowedActions(base, { id: 1, role: 'admin' }, 2)).toEqual([]);
  });
});

describe('the review levels', () => {
  const chain: ReviewLevel[] = ['unit', 'party', 'committee'];
  const endorser = { id: 5, role: 'branch' as const, reviews: ['unit', 'party'] as ReviewLevel[] };
  const decide = (action: ItemAction, item: Partial<WorkflowItem>, actor: { id: number; role: Role; reviews?: ReviewLevel[] } = endorser) =>
    decideTransition({ action, item: { ...base, reviewChain: chain, closureRequestedBy: 7, ...item }, actor, input, extensionCap: 2 });

  it('when closure is requested, it waits at the first level of the chain; with no chain, at the committee', () => {
    expect(decide('request_closure', {}, { id: 7, role: 'branch' })).toEqual({ to: 'closure_requested', reviewLevel: 'unit', extensionReviewLevel: null });
    expect(decide('request_closure', { reviewChain: undefined }, { id: 7, role: 'branch' }).reviewLevel).toBe('committee');
  });

  it('when a level endorses, the request climbs to the next level of the chain and stays 申请销号', () => {
    expect(decide('endorse_closure', { status: 'closure_requested', reviewLevel: 'unit' })).toMatchObject({ to: 'closure_requested', reviewLevel: 'party' });
    expect(decide('endorse_closure', { status: 'closure_requested', reviewLevel: 'party' })).toMatchObject({ to: 'closure_requested', reviewLevel: 'committee' });
    expect(decide('endorse_closure', { status: 'closure_requested', reviewLevel: 'unit', reviewChain: ['unit', 'committee'] }).reviewLevel).toBe('committee');
  });

  it('when a request is sent back at any level, it returns to the organization and waits nowhere', () => {
    expect(decide('reject_closure', { status: 'closure_requested', reviewLevel: 'party' })).toEqual({ to: 'in_progress', reviewLevel: null, extensionReviewLevel: null });
    expect(decide('approve_closure', { status: 'closure_requested', reviewLevel: 'committee' }, { id: 2, role: 'supervisor' })).toMatchObject({ to: 'closed', reviewLevel: null });
  });

  it('when the committee tries to decide before the levels below it, it is refused', () => {
    expect(() => decide('approve_closure', { status: 'closure_requested', reviewLevel: 'unit' }, { id: 2, role: 'supervisor' })).toThrow(expect.objectContaining({ code: 'items.review_level_mismatch' }));
  });

  it('when the requester tries to endorse their own request at any level, it is refused', () => {
    expect(() => decide('endorse_closure', { status: 'closure_requested', reviewLevel: 'unit', closureRequestedBy: 5 })).toThrow(expect.objectContaining({ code: 'items.requester_cannot_approve' }));
    expect(() => decide('reject_closure', { status: 'closure_requested', reviewLevel: 'party', closureRequestedBy: 5 })).toThrow(expect.objectContaining({ code: 'items.requester_cannot_approve' }));
  });

  it('when a clerk does not review at the level a request waits at, it is refused', () => {
    expect(() => decide('endorse_closure', { status: 'closure_requested', reviewLevel: 'party' }, { id: 6, role: 'branch', reviews: ['unit'] })).toThrow(expect.objectContaining({ code: 'items.not_level_reviewer' }));
  });

  it('when an extension is requested, it climbs the same chain before the committee approves it', () => {
    const pending = { pendingExtensionDeadline: '2026-10-31', extensionRequestedBy: 7 };
    expect(decide('request_extension', {}, { id: 7, role: 'branch' }).extensionReviewLevel).toBe('unit');
    expect(decide('endorse_extension', { ...pending, extensionReviewLevel: 'unit' }).extensionReviewLevel).toBe('party');
    expect(decide('endorse_extension', { ...pending, extensionReviewLevel: 'party' }).extensionReviewLevel).toBe('committee');
    expect(decide('approve_extension', { ...pending, extensionReviewLevel: 'committee' }, { id: 2, role: 'supervisor' }).extensionReviewLevel).toBeNull();
    expect(() => decide('approve_extension', { ...pending, extensionReviewLevel: 'party' }, { id: 2, role: 'supervisor' })).toThrow(expect.objectContaining({ code: 'items.review_level_mismatch' }));
  });

  it('lists endorsing and sending back to the reviewer of the waiting level, and nothing to decide to the committee yet', () => {
    const waiting = { ...base, status: 'closure_requested' as const, closureRequestedBy: 7, reviewLevel: 'unit' as const, reviewChain: chain };
    expect(allowedActions(waiting, endorser, 2)).toEqual(['reject_closure', 'endorse_closure']);
    expect(allowedActions(waiting, { id: 2, role: 'supervisor' }, 2)).toEqual(['cancel']);
    expect(allowedActions(waiting, { id: 8, role: 'branch' }, 2)).toEqual([]);
  });
});

describe('who edits what', () => {
  it('gives the organization only its own fields on a committee-issued item, and the problem too on a self-found one', () => {
    expect(editableFields({ status: 'issued', source: 'review' }, 'branch')).not.toContain('description');
    expect(editableFields({ status: 'issued', source: 'review' }, 'branch')).toContain('measures');
    expect(editableFields({ status: 'issued', source: 'self_inspection' }, 'branch')).toContain('description');
  });

  it('locks the deadline once work has started, and everything once closed or cancelled', () => {
    expect(editableFields({ status: 'issued', source: 'review' }, 'supervisor')).toContain('deadline');
    expect(editableFields({ status: 'in_progress', source: 'review' }, 'supervisor')).not.toContain('deadline');
    expect(editableFields({ status: 'closed', source: 'review' }, 'supervisor')).toEqual([]);
    expect(editableFields({ status: 'cancelled', source: 'review' }, 'branch')).toEqual([]);
  });

  it('gives viewers and administrators nothing to edit', () => {
    expect(editableFields({ status: 'issued', source: 'review' }, 'viewer')).toEqual([]);
    expect(editableFields({ status: 'issued', source: 'review' }, 'admin')).toEqual([]);
  });
});
