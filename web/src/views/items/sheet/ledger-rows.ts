import type { ItemDetail, Light } from '@rectify/shared';
import { dayInZone } from '@/utils/format';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The canonical ledger columns (domain.md), in the order a 台账 lists them. */
export const ledgerColumns = [
  'seq',
  'org',
  'code',
  'source',
  'category',
  'description',
  'rootCause',
  'target',
  'measures',
  'responsibleLeader',
  'responsiblePerson',
  'deadline',
  'type',
  'progress',
  'completionNote',
  'completedOn',
  'evidence',
  'closure',
  'reviewOpinion',
  'supervision',
  'remarks',
] as const;
export type LedgerColumn = (typeof ledgerColumns)[number];

/** Relative column widths: the table is laid out fixed, so long texts wrap inside their column on paper. */
const columnWeights: Record<LedgerColumn, number> = {
  seq: 3.2,
  org: 6,
  code: 8.6,
  source: 5,
  category: 5.6,
  description: 14,
  rootCause: 7,
  target: 7,
  measures: 14,
  responsibleLeader: 5,
  responsiblePerson: 5,
  deadline: 8.6,
  type: 5,
  progress: 12,
  completionNote: 8.5,
  completedOn: 8.6,
  evidence: 7.5,
  closure: 8.6,
  reviewOpinion: 7.5,
  supervision: 7.5,
  remarks: 5,
};

/** Each shown column's share of the width, in percent. */
export function columnWidths(shown: readonly LedgerColumn[]): Record<string, string> {
  const total = shown.reduce((sum, c) => sum + columnWeights[c], 0);
  return Object.fromEntries(shown.map((c) => [c, `${((columnWeights[c] / total) * 100).toFixed(2)}%`]));
}

/** Columns that can be hidden to fit a page; the first three identify a row and always show. */
export const optionalColumns = ledgerColumns.filter((c) => c !== 'seq' && c !== 'org' && c !== 'code' && c !== 'description');

export interface LedgerRow {
  id: number;
  orgId: number;
  orgName: string;
  light: Light | null;
  title: string;
  /** Each cell as lines of text (a cell with several measures or entries has several lines). */
  cells: Record<Exclude<LedgerColumn, 'seq' | 'org'>, string[]>;
}

const lines = (value: string | null | undefined) => (value?.trim() ? [value.trim()] : []);

/** One item as a ledger row: the words a printed 台账 carries, in the user's language. */
export function toLedgerRow(item: ItemDetail, t: Translate): LedgerRow {
  const opinion = [...item.history].reverse().find((h) => h.action === 'approve_closure' || h.action === 'reject_closure');
  const notices = item.history.filter((h) => h.action === 'notice_issued' || h.action === 'notice_replied');
  const closure =
    item.status === 'closed'
      ? [`${item.closedLate ? t('labels.closedLate') : t('labels.status.closed')} ${item.closedAt ? dayInZone(item.closedAt) : ''}`.trim()]
      : [t(`labels.status.${item.status}`)];
  return {
    id: item.id,
    orgId: item.orgId,
    orgName: item.orgName,
    light: item.light,
    title: item.title,
    cells: {
      code: [item.code],
      source: [t(`labels.source.${item.source}`)],
      category: lines(item.categoryName),
      description: lines(item.description),
      rootCause: lines(item.rootCause),
      target: lines(item.target),
      measures: item.measures.map((m, i) => {
        const extra = [m.responsiblePerson, m.deadline].filter(Boolean).join('，');
        return `${i + 1}. ${m.content}${extra ? `（${extra}）` : ''}`;
      }),
      responsibleLeader: lines(item.responsibleLeader),
      responsiblePerson: lines(item.responsiblePerson),
      deadline: [item.deadline, ...(item.extensionCount ? [t('ledger.extended', { count: item.extensionCount })] : [])],
      type: [t(`labels.type.${item.type}`)],
      // Oldest first, as the work happened.
      progress: [...item.progress].reverse().map((p) => `${p.entryDate.slice(5)} ${p.content}${p.percent !== null ? `（${p.percent}%）` : ''}`),
      completionNote: lines(item.completionNote),
      completedOn: lines(item.completedOn),
      evidence: item.evidence.map((e) => e.fileName),
      closure,
      reviewOpinion: opinion ? [`${t(`labels.action.${opinion.action}`)}${opinion.comment ? `：${opinion.comment}` : ''}`] : [],
      supervision: notices.map((h) => `${dayInZone(h.at)} ${t(`labels.history.${h.action}`)} ${typeof h.data?.number === 'string' ? h.data.number : ''}`.trim()),
      remarks: lines(item.remarks),
    },
  };
}

export interface LedgerGroup {
  orgId: number;
  orgName: string;
  rows: LedgerRow[];
}

/** Consecutive rows of one organization form a group, its name one merged cell (the list is sorted by organization). */
export function groupByOrg(rows: readonly LedgerRow[]): LedgerGroup[] {
  const groups: LedgerGroup[] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last.orgId === row.orgId) last.rows.push(row);
    else groups.push({ orgId: row.orgId, orgName: row.orgName, rows: [row] });
  }
  return groups;
}
