import type { ItemListQuery, WorkingCalendar, ItemSource, ItemStatus, ItemType, LedgerSheetPage, LedgerSheetRow, SupervisionFact } from '@rectify/shared';
import type { AuthUser } from '../../../plugins/auth.js';
import { localTime } from '../../jobs/jobs.scheduler.js';
import type { ItemsDeps } from '../../items/items.service.js';
import { createOrgsService } from '../../orgs/orgs.service.js';
import { provisionalNow } from '../../items/items.working-deadline.js';
import { exportPage, type ExportRow } from './export.rows.js';

export interface SheetContext {
  today: string;
  timeZone: string;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);

/**
 * What the 督办情况 column says of an item: its extensions, a pending extension request, how late or how close
 * to its deadline it is, and the 督办单 issued for it and answered, each on the committee's calendar day.
 */
export function supervisionFacts(row: ExportRow, { today, timeZone }: SheetContext): SupervisionFact[] {
  const { item } = row;
  const facts: SupervisionFact[] = [];
  if (item.extensionCount > 0) facts.push({ kind: 'extended', count: item.extensionCount, originalDeadline: item.originalDeadline });
  if (item.pendingExtensionDeadline) facts.push({ kind: 'extensionPending', deadline: item.pendingExtensionDeadline });
  if (row.light === 'red') facts.push({ kind: 'overdue', days: daysBetween(item.deadline, today) });
  else if (row.light === 'yellow') facts.push({ kind: 'dueSoon', days: daysBetween(today, item.deadline) });
  for (const notice of row.notices) {
    const day = localTime(new Date(notice.at), timeZone).date;
    facts.push({ kind: notice.action === 'notice_issued' ? 'noticeIssued' : 'noticeReplied', day, number: notice.number });
  }
  return facts;
}

/** An export row as the 台账 view receives it. */
/** `calendar`: the years loaded now, which a 待定 deadline is read against. */
export function toSheetRow(row: ExportRow, context: SheetContext & { calendar: Pick<WorkingCalendar, 'hasYear'> }): LedgerSheetRow {
  const { item } = row;
  return {
    id: item.id,
    code: item.code,
    orgId: item.orgId,
    orgName: row.orgName,
    assistOrgs: row.assistOrgs,
    source: item.source as ItemSource,
    categoryName: row.categoryName,
    title: item.title,
    description: item.description,
    rootCause: item.rootCause,
    target: item.target,
    measures: row.measures,
    responsibleLeader: item.responsibleLeader,
    responsiblePerson: item.responsiblePerson,
    deadline: item.deadline,
    deadlineWorkingDays: item.deadlineWorkingDays,
    deadlineBasis: item.deadlineBasis as LedgerSheetRow['deadlineBasis'],
    deadlineProvisional: provisionalNow(context.calendar, item),
    extensionCount: item.extensionCount,
    type: item.type as ItemType,
    status: item.status as ItemStatus,
    light: row.light,
    progress: row.progress,
    completionNote: item.completionNote,
    completedOn: item.completedOn,
    evidence: row.evidence,
    closedOn: item.closedOn,
    closedLate: item.closedLate,
    opinion: row.opinion,
    supervision: supervisionFacts(row, context),
    remarks: item.remarks,
  };
}

export function createLedgerSheetService({ db, settings, today, timeZone }: Pick<ItemsDeps, 'db' | 'settings' | 'today'> & { timeZone: string }) {
  const orgsService = createOrgsService({ db });
  return {
    /** A page of the ledger, in the export's order and scope, each row with everything its cells show. */
    async page(user: AuthUser, query: ItemListQuery): Promise<LedgerSheetPage> {
      const scopePath = query.orgId ? (await orgsService.getScoped(user, query.orgId)).org.path : user.orgPath;
      const day = today();
      const { yellowDays } = await settings.windows(day);
      const [{ rows, total }, calendar] = await Promise.all([exportPage(db, { query, scopePath, light: { today: day, yellowDays } }), settings.calendar()]);
      return { rows: rows.map((row) => toSheetRow(row, { today: day, timeZone, calendar })), total };
    },
  };
}
