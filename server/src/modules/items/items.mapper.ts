import type { HistoryEntry, Item, ItemSource, ItemStatus, ItemType, Light, Measure, ObjectionKind, Progress } from '@rectify/shared';
import { acknowledgeDueOf, type AcknowledgeWindow } from '../items-acknowledge/items-acknowledge.window.js';
import type { ReviewLevel } from '@rectify/shared';
import type { MeasureStatus } from '@rectify/shared';
import type { itemHistory, itemMeasures, itemProgress } from './items.table.js';
import type { ItemRow } from './items.rows.js';
import type { WorkflowItem } from './items.workflow.js';
import { provisionalNow } from './items.working-deadline.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * `window` gives the 签收 window and the calendar a 待定 deadline is read against; without it an item waiting for 签收 is
 * not judged overdue and the stored 待定 flag is taken as it is.
 */
export function toItem(row: { item: ItemRow; orgName: string; categoryName: string | null; light: Light | null }, window?: AcknowledgeWindow): Item {
  const i = row.item;
  const issuedAt = i.issuedAt ?? i.createdAt;
  // 逾期未签收 as acknowledgeOverdue judges it, from the one last day worked out.
  const due = window && i.status === 'issued' ? acknowledgeDueOf(window, issuedAt) : null;
  return {
    id: i.id,
    code: i.code,
    orgId: i.orgId,
    orgName: row.orgName,
    source: i.source as ItemSource,
    reviewId: i.reviewId,
    commonProblemId: i.commonProblemId,
    categoryId: i.categoryId,
    categoryName: row.categoryName,
    title: i.title,
    description: i.description,
    rootCause: i.rootCause,
    target: i.target,
    responsibleLeader: i.responsibleLeader,
    responsiblePerson: i.responsiblePerson,
    deadline: i.deadline,
    originalDeadline: i.originalDeadline,
    deadlineWorkingDays: i.deadlineWorkingDays,
    deadlineBasis: i.deadlineBasis as Item['deadlineBasis'],
    deadlineCountedFrom: i.deadlineFrom,
    deadlineProvisional: window ? provisionalNow(window.calendar, i) : i.deadlineProvisional,
    extensionCount: i.extensionCount,
    pendingExtension:
      i.pendingExtensionDeadline && i.extensionRequestedBy && i.extensionRequestedAt
        ? { deadline: i.pendingExtensionDeadline, reason: i.pendingExtensionReason ?? '', requestedBy: i.extensionRequestedBy, requestedAt: i.extensionRequestedAt.toISOString() }
        : null,
    type: i.type as ItemType,
    status: i.status as ItemStatus,
    light: row.light,
    closedLate: i.closedLate,
    completionNote: i.completionNote,
    completedOn: i.completedOn,
    closedAt: iso(i.closedAt),
    remarks: i.remarks,
    issuedAt: issuedAt.toISOString(),
    acknowledgedAt: iso(i.acknowledgedAt),
    acknowledgedBy: i.acknowledgedBy,
    acknowledgeDue: due,
    acknowledgeOverdue: window !== undefined && due !== null && due < window.today,
    objection: i.status === 'objected' && i.objectionKind ? { kind: i.objectionKind as ObjectionKind, reason: i.objectionReason ?? '' } : null,
    // A request written without a level (before review levels, or by the demo and imports) waits at the committee's.
    reviewLevel: i.status === 'closure_requested' ? ((i.reviewLevel as ReviewLevel | null) ?? 'committee') : null,
    extensionReviewLevel: i.pendingExtensionDeadline ? ((i.extensionReviewLevel as ReviewLevel | null) ?? 'committee') : null,
    evidenceCount: i.evidenceCount,
    version: i.version,
    createdBy: i.createdBy,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

export function toWorkflowItem(i: ItemRow): WorkflowItem {
  return {
    status: i.status as ItemStatus,
    source: i.source,
    deadline: i.deadline,
    extensionCount: i.extensionCount,
    pendingExtensionDeadline: i.pendingExtensionDeadline,
    closureRequestedBy: i.closureRequestedBy,
    extensionRequestedBy: i.extensionRequestedBy,
    evidenceCount: i.evidenceCount,
    reviewLevel: i.reviewLevel as ReviewLevel | null,
    extensionReviewLevel: i.extensionReviewLevel as ReviewLevel | null,
  };
}

export const toMeasure = ({ measure: m, ownerName = null }: { measure: typeof itemMeasures.$inferSelect; ownerName?: string | null }): Measure => ({
  id: m.id,
  seq: m.seq,
  content: m.content,
  responsiblePerson: m.responsiblePerson,
  deadline: m.deadline,
  status: m.status as MeasureStatus,
  ownerUserId: m.ownerUserId,
  ownerName,
});

export const toProgress = ({ progress: p, createdByName, orgName }: { progress: typeof itemProgress.$inferSelect; createdByName: string; orgName?: string }): Progress => ({
  id: p.id,
  entryDate: p.entryDate,
  content: p.content,
  percent: p.percent,
  createdBy: p.createdBy,
  createdByName,
  createdAt: p.createdAt.toISOString(),
  ...(orgName ? { orgName } : {}),
});

export const toHistory = ({ entry: h, actorName }: { entry: typeof itemHistory.$inferSelect; actorName: string | null }): HistoryEntry => ({
  id: h.id,
  at: h.at.toISOString(),
  actorId: h.actorId,
  actorName,
  action: h.action,
  fromStatus: h.fromStatus,
  toStatus: h.toStatus,
  comment: h.comment,
  changes: (h.changes as HistoryEntry['changes']) ?? null,
  data: (h.data as HistoryEntry['data']) ?? null,
});

/** What text search looks through: the title, the problem and every measure. */
export function searchTextOf(parts: { title: string; description: string; measures: { content: string }[] }): string {
  return [parts.title, parts.description, ...parts.measures.map((m) => m.content)].join('\n');
}

/** A short title from the description when none is given: its first sentence, at most 40 characters. */
export function titleFrom(description: string): string {
  const first = description.trim().split(/[。；;！!？?\n]/)[0] ?? '';
  return first.length > 40 ? `${first.slice(0, 40)}…` : first || description.trim().slice(0, 40);
}
