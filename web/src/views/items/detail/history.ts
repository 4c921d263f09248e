import type { HistoryEntry } from '@rectify/shared';

type Translate = (key: string, values?: Record<string, unknown>) => string;
type Has = (key: string) => boolean;

/**
 * The timeline colour of a step: decisions against the item in red, approvals in green, requests in amber, work
 * on the item in blue, everything else grey. (Red is kept for what went wrong, not the brand's primary.)
 */
export function historyColor(action: string): string {
  if (action === 'reject_closure' || action === 'reject_extension' || action === 'cancel' || action === 'notice_issued') return '#c62828';
  if (action === 'approve_closure' || action === 'approve_extension') return '#2e7d32';
  if (action === 'request_closure' || action === 'request_extension') return '#e0a800';
  if (action === 'created' || action === 'start' || action === 'progress_added') return '#1e6fd9';
  return '#a0a6ad';
}

/** A step's name in the user's language; an action this version does not know shows as the server wrote it. */
export function historyLabel(action: string, { t, te }: { t: Translate; te: Has }): string {
  return te(`labels.history.${action}`) ? t(`labels.history.${action}`) : action;
}

/** Who took a step: a stand-in's decision reads "某某（代）". */
export function historyActor(entry: HistoryEntry, { t }: { t: Translate }): string | null {
  if (!entry.actorName) return null;
  return entry.data?.onBehalfOf ? t('reviewLevels.history.standIn', { name: entry.actorName }) : entry.actorName;
}

/** The particulars of a step worth a line of their own: the changed fields, the new deadline, the file. */
export function historyDetails(entry: HistoryEntry, { t, te }: { t: Translate; te: Has }): string[] {
  const data = entry.data ?? {};
  const lines: string[] = [];
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  // 二级审核: the level a step was taken at, where the request went next, and in whose name a stand-in acted.
  const level = (v: unknown) => (te(`reviewLevels.level.${str(v)}`) ? t(`reviewLevels.level.${str(v)}`) : str(v));
  if (data.level) lines.push(t('reviewLevels.history.level', { level: level(data.level) }));
  if (data.nextLevel) lines.push(t('reviewLevels.history.next', { level: level(data.nextLevel) }));
  const principal = data.onBehalfOf as { name?: unknown } | undefined;
  if (principal?.name) lines.push(t('reviewLevels.history.onBehalfOf', { name: str(principal.name) }));
  switch (entry.action) {
    case 'updated': {
      const fields = Object.keys(entry.changes ?? {}).map((f) => (te(`fields.${f}`) ? t(`fields.${f}`) : f));
      if (fields.length) lines.push(t('item.history.changed', { fields: fields.join('、') }));
      const deadline = entry.changes?.deadline;
      if (deadline) lines.push(t('item.history.deadlineChanged', { before: str(deadline.before), after: str(deadline.after) }));
      break;
    }
    case 'start': {
      // 签收 of a deadline counted from it counts the deadline again.
      const deadline = entry.changes?.deadline;
      if (deadline) lines.push(t('item.history.deadlineFromSigning', { before: str(deadline.before), after: str(deadline.after) }));
      break;
    }
    case 'request_extension':
      if (data.requestedDeadline) lines.push(t('item.history.extensionRequested', { date: str(data.requestedDeadline) }));
      break;
    case 'approve_extension':
      if (data.deadlineAfter) lines.push(t('item.history.extensionApproved', { before: str(data.deadlineBefore), after: str(data.deadlineAfter) }));
      break;
    case 'approve_closure':
      if (data.closedLate === true) lines.push(t('labels.closedLate'));
      if (data.withoutEvidence === true) lines.push(t('item.history.withoutEvidence'));
      break;
    case 'evidence_added':
    case 'evidence_removed':
      if (data.fileName) lines.push(str(data.fileName));
      break;
    case 'measure_updated': {
      if (data.seq) lines.push(t('item.history.measure', { seq: str(data.seq), content: str(data.content) }));
      const changes = entry.changes ?? {};
      const state = (v: unknown) => (te(`measures.status.${str(v)}`) ? t(`measures.status.${str(v)}`) : str(v));
      if (changes.status) lines.push(t('item.history.measureStatus', { before: state(changes.status.before), after: state(changes.status.after) }));
      if (changes.ownerUserId) lines.push(t('item.history.measureOwner'));
      if (changes.deadline) lines.push(t('item.history.measureDeadline', { before: str(changes.deadline.before) || '—', after: str(changes.deadline.after) || '—' }));
      break;
    }
    case 'progress_added':
      if (typeof data.percent === 'number') lines.push(t('item.history.percent', { percent: data.percent }));
      break;
    case 'notice_issued':
    case 'notice_replied':
      if (data.number) lines.push(str(data.number));
      break;
  }
  return lines;
}
