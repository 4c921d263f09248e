import type { ItemAction } from '@rectify/shared';

/**
 * What each workflow action asks of the user before it is sent. The server's workflow decides who may take it
 * (`allowedActions`) and checks the same requirements; this only shapes the form.
 */
export interface ActionForm {
  comment: 'required' | 'optional' | 'none';
  newDeadline?: boolean;
  completedOn?: boolean;
  /** 异议: the kind of objection. */
  objectionKind?: boolean;
  /** 转办: the organization the item goes to. */
  targetOrg?: boolean;
  button: 'primary' | 'success' | 'warning' | 'danger' | 'default';
}

export const actionForms: Record<ItemAction, ActionForm> = {
  start: { comment: 'optional', button: 'primary' },
  request_closure: { comment: 'required', completedOn: true, button: 'primary' },
  approve_closure: { comment: 'optional', button: 'success' },
  reject_closure: { comment: 'required', button: 'danger' },
  request_extension: { comment: 'required', newDeadline: true, button: 'default' },
  approve_extension: { comment: 'optional', button: 'success' },
  reject_extension: { comment: 'required', button: 'warning' },
  cancel: { comment: 'required', button: 'danger' },
  endorse_closure: { comment: 'required', button: 'success' },
  endorse_extension: { comment: 'required', button: 'success' },
  object: { comment: 'required', objectionKind: true, button: 'warning' },
  transfer: { comment: 'optional', targetOrg: true, button: 'primary' },
  reject_objection: { comment: 'required', button: 'warning' },
};

/** A level below the committee endorses (签字背书) before anything else it may do. */
export const endorseOrder: ItemAction[] = ['endorse_closure', 'endorse_extension'];

/** The order buttons appear in: deciding first, then requesting, cancelling last. */
export const actionOrder: ItemAction[] = [
  'approve_closure',
  'reject_closure',
  'approve_extension',
  'reject_extension',
  'transfer',
  'reject_objection',
  'start',
  'object',
  'request_closure',
  'request_extension',
  'cancel',
];

/** The name under which a step's dialog keeps what was typed through an ended session. */
export const actionDraftForm = (itemId: number, action: ItemAction) => `item:${itemId}:${action}`;
