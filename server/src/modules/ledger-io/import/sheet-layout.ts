import { matchHeader, type LedgerColumn, type LedgerField } from '../ledger-columns.js';
import type { TimeSlicer } from '../xlsx/time-slice.js';
import type { CellValue, MergedRange, SheetData } from '../xlsx/xlsx-reader.js';

/** How one sheet is laid out: where its header is and which column holds which field. */
export interface SheetLayout {
  name: string;
  headerRow: number | null;
  dataStart: number;
  columns: Map<number, LedgerColumn>;
  headers: Map<number, string>;
  /** The text above the header (the title rows), for finding the organization a sheet belongs to. */
  title: string;
  duplicates: Array<{ field: LedgerField; col: number; header: string }>;
}

export const cellText = (value: CellValue | undefined): string => {
  if (!value) return '';
  if (value.kind === 'text') return value.text.trim();
  if (value.kind === 'number') return String(value.value);
  if (value.kind === 'bool') return value.value ? '是' : '否';
  return '';
};

const headerScanRows = 20;

function mapRow(row: Map<number, CellValue> | undefined) {
  const mapped = new Map<number, LedgerColumn>();
  const headers = new Map<number, string>();
  for (const [col, value] of row ?? []) {
    const text = cellText(value);
    if (!text) continue;
    headers.set(col, text);
    const column = matchHeader(text);
    if (column) mapped.set(col, column);
  }
  return { mapped, headers };
}

/**
 * Finds the header among the first rows: the row that names the most ledger fields, problem description
 * included. A second header row below it (责任人 split into 责任领导 | 具体责任人, say) refines it.
 */
export function layoutOf(sheet: SheetData): SheetLayout {
  const rowNumbers = [...sheet.rows.keys()].sort((a, b) => a - b);
  let best: { row: number; score: number } | null = null;
  for (const row of rowNumbers.slice(0, headerScanRows)) {
    const { mapped } = mapRow(sheet.rows.get(row));
    const fields = new Set([...mapped.values()].map((c) => c.field));
    if (!fields.has('description') || fields.size < 2) continue;
    if (!best || fields.size > best.score) best = { row, score: fields.size };
  }
  const empty = { name: sheet.name, headerRow: null, dataStart: 0, columns: new Map(), headers: new Map(), title: '', duplicates: [] };
  if (!best) return empty;

  const { mapped: columns, headers } = mapRow(sheet.rows.get(best.row));
  let dataStart = best.row + 1;
  const below = sheet.rows.get(best.row + 1);
  if (below) {
    const sub = mapRow(below);
    const allHeaders = sub.mapped.size > 0 && [...sub.headers.keys()].every((col) => sub.mapped.has(col));
    if (allHeaders) {
      for (const [col, column] of sub.mapped) columns.set(col, column);
      for (const [col, text] of sub.headers) headers.set(col, text);
      dataStart = best.row + 2;
    }
  }

  const seen = new Map<LedgerField, number>();
  const duplicates: SheetLayout['duplicates'] = [];
  for (const [col, column] of [...columns].sort((a, b) => a[0] - b[0])) {
    if (!column.imported) continue;
    if (seen.has(column.field)) duplicates.push({ field: column.field, col, header: headers.get(col) ?? '' });
    else seen.set(column.field, col);
  }
  const title = rowNumbers
    .filter((r) => r < best.row)
    .flatMap((r) => [...sheet.rows.get(r)!.values()].map(cellText))
    .join(' ');
  return { name: sheet.name, headerRow: best.row, dataStart, columns, headers, title, duplicates };
}

/**
 * Merged cells give their value to every row they cover, in their own column (an organization over its rows).
 * Only rows that hold data of their own are touched, so a merge over a million empty rows costs nothing, and each
 * column's ranges are walked in order from where the previous one stopped, so a row is visited at most once per
 * column however many ranges cover it: the cost is linear in rows and merges (plus sorting the merges), not their
 * product. Where ranges overlap (Excel never writes that, a crafted file may), the one starting higher wins.
 */
export async function fillMerges(sheet: SheetData, slicer: TimeSlicer): Promise<Map<string, number>> {
  /** `row:col` of each filled cell → the row the merge starts on. */
  const filled = new Map<string, number>();
  const rowNumbers = [...sheet.rows.keys()].sort((a, b) => a - b);
  const byColumn = new Map<number, MergedRange[]>();
  for (const range of sheet.merges) {
    if (range.bottom <= range.top || !sheet.rows.get(range.top)?.has(range.left)) continue;
    const ranges = byColumn.get(range.left);
    if (ranges) ranges.push(range);
    else byColumn.set(range.left, [range]);
  }
  for (const [col, ranges] of byColumn) {
    ranges.sort((a, b) => a.top - b.top);
    /** Index in `rowNumbers` of the first row no range of this column has reached yet. */
    let next = 0;
    for (const range of ranges) {
      await slicer.pause();
      const master = sheet.rows.get(range.top)!.get(col)!;
      let i = Math.max(next, firstAfter(rowNumbers, range.top));
      for (; i < rowNumbers.length && rowNumbers[i] <= range.bottom; i++) {
        const row = sheet.rows.get(rowNumbers[i])!;
        if (!row.has(col)) {
          row.set(col, master);
          filled.set(`${rowNumbers[i]}:${col}`, range.top);
        }
      }
      next = Math.max(next, i);
    }
  }
  return filled;
}

/** The index of the first number greater than `value` in a sorted array. */
function firstAfter(sorted: number[], value: number) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
