import { describe, expect, it } from 'vitest';
import { itemActions, itemStatuses, roles, type ItemAction, type ItemStatus, type Role } from '@rectify/shared';
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

/** The expected outcome of every action from every status for every role: the status reached, or the refusal. */
const expected: Record<ItemAction, { roles: Role[]; from: Partial<Record<ItemStatus, ItemStatus>> }> = {
  start: { roles: ['branch'], from: { issued: 'in_progress' } },
  request_closure: { roles: ['branch'], from: { in_progress: 'closure_requested' } },
  approve_closure: { roles: ['supervisor'], from: { closure_requested: 'closed' } },
  reject_closure: { roles: ['supervisor'], from: { closure_requested: 'in_progress' } },
  request_extension: { roles: ['branch'], from: { issued: 'issued', in_progress: 'in_progress' } },
  approve_extension: { roles: ['supervisor'], from: { issued: 'issued', in_progress: 'in_progress', closure_requested: 'closure_requested' } },
  reject_extension: { roles: ['supervisor'], from: { issued: 'issued', in_progress: 'in_progress', closure_requested: 'closure_requested' } },
  cancel: { roles: ['supervisor'], from: { issued: 'cancelled', in_progress: 'cancelled', closure_requested: 'cancelled' } },
};

const input = { comment: '说明', newDeadline: '2026-10-31' };
const cases = itemActions.flatMap((action) => itemStatuses.flatMap((status) => roles.map((role) => ({ action, status, role }))));

describe('the workflow table', () => {
  it.each(cases)('$role: $action from $status', ({ action, status, role }) => {
    const pending = action === 'approve_extension' || action === 'reject_extension' ? '2026-10-31' : null;
    const item = { ...base, status, pendingExtensionDeadline: pending, extensionRequestedBy: pending ? 99 : null, closureRequestedBy: 98 };
    const rule = expected[action];
    const run = () => decideTransition({ action, item, actor: { id: 1, role }, input, extensionCap: 2 });
    if (!rule.roles.includes(role)) return expect(run).toThrow(expect.objectContaining({ code: 'items.action_not_allowed' }));
    const to = rule.from[status];
    if (!to) return expect(run).toThrow(expect.objectContaining({ code: 'items.illegal_transition' }));
    expect(run()).toEqual({ to });
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
    expect(allowedActions({ ...base, status: 'issued' }, { id: 1, role: 'branch' }, 2)).toEqual(['start', 'request_extension']);
    expect(allowedActions({ ...base, status: 'closure_requested', closureRequestedBy: 1 }, { id: 1, role: 'supervisor' }, 2)).toEqual(['cancel']);
    expect(allowedActions({ ...base, status: 'closure_requested', closureRequestedBy: 5 }, { id: 1, role: 'supervisor' }, 2)).toEqual(['approve_closure', 'reject_closure', 'cancel']);
    expect(allowedActions(base, { id: 1, role: 'viewer' }, 2)).toEqual([]);
    expect(allowedActions(base, { id: 1, role: 'admin' }, 2)).toEqual([]);
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
