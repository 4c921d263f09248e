import type { LedgerSheetRow, Light, SupervisionFact } from '@rectify/shared';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The canonical ledger columns (domain.md), in the order a 台账 lists them. */
export const ledgerColumns = [
  'seq',
  'org',
  'assistOrgs',
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
  // Wide enough for the four characters of 主办单位 / 协办单位 on one line at 1366 px.
  org: 6.6,
  assistOrgs: 6.6,
  code: 9.6,
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

/** Columns that can be hidden to fit a page; the first four identify a row and always show. */
export const optionalColumns = ledgerColumns.filter((c) => c !== 'seq' && c !== 'org' && c !== 'code' && c !== 'description');

/** What shows until the user chooses: the columns a desk screen of 1440 px holds without scrolling sideways. */
export const defaultColumns: readonly LedgerColumn[] = optionalColumns.filter(
  (c) => !['source', 'rootCause', 'target', 'responsibleLeader', 'type', 'completionNote', 'completedOn', 'reviewOpinion', 'remarks'].includes(c),
);

/** The narrowest the table may get before it scrolls sideways: long texts wrap, but a column needs room for a word. */
export function minimumWidth(shown: readonly LedgerColumn[]): number {
  return Math.round(shown.reduce((sum, c) => sum + columnWeights[c], 0) * 9);
}

export interface LedgerRow {
  id: number;
  orgId: number;
  orgName: string;
  light: Light | null;
  title: string;
  /** 待定: a deadline in working days that runs into a year with no calendar loaded yet. */
  provisional: boolean;
  /** Each cell as lines of text (a cell with several measures or entries has several lines). */
  cells: Record<Exclude<LedgerColumn, 'seq' | 'org'>, string[]>;
}

const lines = (value: string | null | undefined) => (value?.trim() ? [value.trim()] : []);

/** A 督办情况 fact in the reader's language; in Chinese the very words the Excel export writes (supervisionLines). */
export const supervisionLine = (fact: SupervisionFact, t: Translate) => t(`sheet.supervision.${fact.kind}`, { ...fact, number: 'number' in fact ? (fact.number ?? '') : '' }).trim();

/** 15 个工作日（自交办）: a deadline given in working days, as asked, beside the date it resolved to. */
const workingDaysLine = (row: LedgerSheetRow, t: Translate) =>
  row.deadlineWorkingDays ? [t('ledger.workingDays', { days: row.deadlineWorkingDays, basis: t(`ledger.basis.${row.deadlineBasis ?? 'issue'}`) })] : [];

/**
 * One row of the ledger as the 台账 shows it: the words a printed 台账 carries, in the user's language. The lead
 * (主办) is the row's organization, in the merged cell; the assisting ones (协办) have a column of their own, as in
 * the Excel export.
 */
export function toLedgerRow(row: LedgerSheetRow, t: Translate): LedgerRow {
  const closure =
    row.status === 'closed' ? [`${row.closedLate ? t('labels.closedLate') : t('labels.status.closed')} ${row.closedOn ?? ''}`.trim()] : [t(`labels.status.${row.status}`)];
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    light: row.light,
    title: row.title,
    provisional: Boolean(row.deadlineWorkingDays && row.deadlineProvisional),
    cells: {
      // One line, the names parted by 、 as the Excel export writes them: a name a line runs into the next once they wrap.
      assistOrgs: row.assistOrgs?.length ? [row.assistOrgs.join('、')] : [],
      code: [row.code],
      source: [t(`labels.source.${row.source}`)],
      category: lines(row.categoryName),
      description: lines(row.description),
      rootCause: lines(row.rootCause),
      target: lines(row.target),
      measures: row.measures.map((m, i) => {
        const extra = [m.responsiblePerson, m.deadline].filter(Boolean).join('，');
        return `${i + 1}. ${m.content}${extra ? `（${extra}）` : ''}`;
      }),
      responsibleLeader: lines(row.responsibleLeader),
      responsiblePerson: lines(row.responsiblePerson),
      deadline: [row.deadline, ...workingDaysLine(row, t), ...(row.extensionCount ? [t('ledger.extended', { count: row.extensionCount })] : [])],
      type: [t(`labels.type.${row.type}`)],
      progress: row.progress.map((p) => `${p.entryDate.slice(5)} ${p.content}${p.percent !== null ? `（${p.percent}%）` : ''}`),
      completionNote: lines(row.completionNote),
      completedOn: lines(row.completedOn),
      evidence: row.evidence,
      closure,
      reviewOpinion: row.opinion ? [`${t(`labels.action.${row.opinion.action}`)}${row.opinion.comment ? `：${row.opinion.comment}` : ''}`] : [],
      supervision: row.supervision.map((fact) => supervisionLine(fact, t)),
      remarks: lines(row.remarks),
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
