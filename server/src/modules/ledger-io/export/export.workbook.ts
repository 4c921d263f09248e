import type { Writable } from 'node:stream';
import { itemSourceLabels, itemStatusLabels, itemTypeLabels, supervisionLines, type DeadlineBasis, type ItemSource, type ItemStatus, type ItemType, type Light } from '@rectify/shared';
import { ledgerColumns, type LedgerField } from '../ledger-columns.js';
import { formatMeasures } from '../ledger-measures.js';
import { formatWorkingDays } from '../ledger-working-days.js';
import { createXlsxWriter, type Cell, type CellStyle } from '../xlsx/xlsx-writer.js';
import type { ExportRow } from './export.rows.js';
import { supervisionFacts, type SheetContext } from './ledger-sheet.js';

const lightStyle: Record<Light, CellStyle> = { green: 'dateGreen', yellow: 'dateYellow', red: 'dateRed' };
const dateFields = new Set<LedgerField>(['deadline', 'completedOn']);
const cellMax = 32000;

/** Text as a cell holds it: cut to what a cell can take. (Every text is written as an inline string, never a formula.) */
const fit = (value: string | null | undefined): string | null => (value ? (value.length > cellMax ? `${value.slice(0, cellMax)}…` : value) : null);

/** Characters as wide as two digits (CJK, full-width forms) take two units of a column's width. */
const isWide = (c: number) =>
  (c >= 0x1100 && c <= 0x115f) ||
  (c >= 0x2e80 && c <= 0xa4cf) ||
  (c >= 0xac00 && c <= 0xd7a3) ||
  (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0xfe30 && c <= 0xfe4f) ||
  (c >= 0xff00 && c <= 0xff60) ||
  (c >= 0xffe0 && c <= 0xffe6);

/** A line's width in units, read by char code: taking it apart character by character made a string of each. */
function lineUnits(text: string, start: number, end: number): number {
  let units = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is one character, and none of them is wide.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    units += isWide(c) ? 2 : 1.1;
  }
  return units;
}

/**
 * The height a row needs for its wrapped text, in points. Set explicitly because a streamed sheet carries no
 * layout and not every program fits rows on opening; capped at what Excel allows.
 */
export function rowHeight(texts: Array<string | null>): number {
  let lines = 1;
  texts.forEach((text, i) => {
    if (!text) return;
    const width = Math.max(1, ledgerColumns[i].width - 1);
    let cellLines = 0;
    for (let start = 0; start <= text.length; ) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      cellLines += Math.max(1, Math.ceil(lineUnits(text, start, end) / width));
      start = end + 1;
    }
    lines = Math.max(lines, cellLines);
  });
  return Math.min(409, lines * 15 + 4);
}

function closureText(item: ExportRow['item']): string {
  if (item.status === 'closed') return `${item.closedLate ? '逾期销号' : '已销号'} ${item.closedOn ?? ''}`.trim();
  return itemStatusLabels[item.status as ItemStatus];
}

type Value = string | number | null;

function valuesOf(row: ExportRow, seq: number, context: SheetContext): Record<LedgerField, Value> {
  const { item } = row;
  const opinion = row.opinion ? `${row.opinion.action === 'approve_closure' ? '同意销号' : '退回'}${row.opinion.comment ? `：${row.opinion.comment}` : ''}` : null;
  return {
    seq,
    code: item.code,
    org: row.orgName,
    assistOrgs: row.assistOrgs.join('、') || null,
    source: itemSourceLabels[item.source as ItemSource] ?? item.source,
    category: row.categoryName,
    title: item.title,
    description: item.description,
    rootCause: item.rootCause,
    target: item.target,
    measures: formatMeasures(row.measures),
    leader: item.responsibleLeader,
    person: item.responsiblePerson,
    deadline: item.deadline,
    workingDays: item.deadlineWorkingDays ? formatWorkingDays(item.deadlineWorkingDays, item.deadlineBasis as DeadlineBasis | null) : null,
    type: itemTypeLabels[item.type as ItemType] ?? item.type,
    progress: row.progress.map((p) => `${p.entryDate} ${p.content}${p.percent !== null ? `（${p.percent}%）` : ''}`).join('\n'),
    completion: item.completionNote,
    completedOn: item.completedOn,
    evidence: row.evidence.join('\n'),
    closure: closureText(item),
    reviewOpinion: opinion,
    supervision: supervisionLines(supervisionFacts(row, context)).join('\n') || null,
    remarks: item.remarks,
  };
}

function cellsOf(values: Record<LedgerField, Value>, light: Light | null): Cell[] {
  return ledgerColumns.map(({ field }): Cell => {
    const value = values[field];
    if (field === 'seq') return { number: value as number, style: 'seq' };
    if (dateFields.has(field)) return { date: value as string | null, style: field === 'deadline' && light ? lightStyle[light] : 'date' };
    return { text: fit(value === null ? null : String(value)), style: 'text' };
  });
}

export interface LedgerWorkbook extends SheetContext {
  title: string;
  subtitle: string;
}

/**
 * Writes the canonical ledger to `output` as it reads pages of rows: a title row, a frozen header, set column
 * widths, real dates, the light as the deadline cell's colour. Rows leave for the socket as they are written,
 * and the writer waits for a slow reader before taking the next page.
 */
export async function writeLedgerWorkbook(output: Writable, pages: AsyncIterable<ExportRow[]>, meta: LedgerWorkbook) {
  const width = ledgerColumns.length;
  const sheet = await createXlsxWriter(output, { sheetName: '整改台账', widths: ledgerColumns.map((c) => c.width), frozenRows: 3, headerRow: 3, mergedRows: [1, 2] });
  const blank = (n: number): Cell[] => Array.from({ length: n }, () => ({ text: null }));
  await sheet.addRow([{ text: meta.title, style: 'title' }, ...blank(width - 1)], { height: 30 });
  await sheet.addRow([{ text: meta.subtitle, style: 'subtitle' }, ...blank(width - 1)], { height: 18 });
  await sheet.addRow(
    ledgerColumns.map((c) => ({ text: c.header, style: 'header' as const })),
    { height: 24 },
  );
  let seq = 0;
  for await (const page of pages) {
    // Rows leave the page as they are written, so none waits in memory for the rest of its page.
    for (let item = page.shift(); item; item = page.shift()) {
      const values = valuesOf(item, ++seq, meta);
      await sheet.addRow(cellsOf(values, item.light), { height: rowHeight(ledgerColumns.map((c) => (values[c.field] === null ? null : String(values[c.field])))) });
    }
    await sheet.flush();
  }
  return sheet.finish();
}
