import type { ImportIssue, ImportSheet } from '@rectify/shared';
import { importIssueMessages, type ImportIssueCode } from '@rectify/shared';
import { columnLetter, type CellValue, type SheetData } from '../xlsx/xlsx-reader.js';
import type { LedgerField } from '../ledger-columns.js';
import type { TimeSlicer } from '../xlsx/time-slice.js';
import { fillMerges, layoutOf, type SheetLayout } from './sheet-layout.js';

export interface RawCell {
  col: number;
  value: CellValue;
}

/** One data row: the cells of the fields the import reads. */
export interface RawRow {
  sheet: string;
  row: number;
  cells: Partial<Record<LedgerField, RawCell>>;
  /** Where each field's column is, for pointing at an empty cell. */
  columns: Map<LedgerField, number>;
  headers: Map<number, string>;
  /** A row whose problem description is a merged cell started above: its measures belong to that row's item. */
  continuationOf: number | null;
  /** The organization the sheet as a whole belongs to, by its name or title, when it names one. */
  sheetOrgHint: { sheetName: string; title: string };
}

export function issue(code: ImportIssueCode, where: { sheet?: string | null; row?: number | null; col?: number | null; header?: string | null; value?: string }): ImportIssue {
  return {
    code,
    message: importIssueMessages[code],
    sheet: where.sheet ?? null,
    row: where.row ?? null,
    column: where.col ? columnLetter(where.col) : null,
    header: where.header ?? null,
    ...(where.value !== undefined ? { value: where.value.length > 60 ? `${where.value.slice(0, 60)}…` : where.value } : {}),
  };
}

const describeColumns = (layout: SheetLayout): ImportSheet['columns'] =>
  [...layout.headers]
    .sort((a, b) => a[0] - b[0])
    .map(([col, header]) => {
      const column = layout.columns.get(col);
      return { column: columnLetter(col), header, field: column?.field ?? null, imported: column?.imported ?? false };
    });

/**
 * Lays every visible sheet out and collects its data rows. A sheet without a header is passed over (an
 * instructions sheet, say) as long as some sheet has one; a sheet missing a required column is an issue.
 */
export async function collectRows(sheets: SheetData[], slicer: TimeSlicer) {
  const rows: RawRow[] = [];
  const issues: ImportIssue[] = [];
  const summaries: ImportSheet[] = [];
  for (const sheet of sheets) {
    if (sheet.hidden) {
      summaries.push({ name: sheet.name, headerRow: null, dataRows: 0, skipped: '隐藏的工作表', columns: [] });
      continue;
    }
    const layout = layoutOf(sheet);
    if (layout.headerRow === null) {
      summaries.push({ name: sheet.name, headerRow: null, dataRows: 0, skipped: sheet.rows.size === 0 ? '空工作表' : '没有找到表头', columns: [] });
      continue;
    }
    const fields = new Map<LedgerField, number>();
    for (const [col, column] of layout.columns) if (column.imported && !fields.has(column.field)) fields.set(column.field, col);
    for (const dup of layout.duplicates) issues.push(issue('duplicate_column', { sheet: sheet.name, row: layout.headerRow, col: dup.col, header: dup.header }));
    // A ledger whose rules all give working days may carry 工作日时限 alone.
    if (!fields.has('deadline') && !fields.has('workingDays')) {
      issues.push({ ...issue('missing_column', { sheet: sheet.name, row: layout.headerRow }), message: '缺少必需的列：整改时限（完成时限）或工作日时限' });
    }

    const filled = await fillMerges(sheet, slicer);
    const descriptionCol = fields.get('description')!;
    let count = 0;
    for (const r of [...sheet.rows.keys()].sort((a, b) => a - b)) {
      if (r < layout.dataStart) continue;
      await slicer.pause();
      const cells: RawRow['cells'] = {};
      let own = false;
      for (const [field, col] of fields) {
        const value = sheet.rows.get(r)!.get(col);
        if (!value) continue;
        cells[field] = { col, value };
        if (!filled.has(`${r}:${col}`)) own = true;
      }
      if (!own) continue;
      count++;
      rows.push({
        sheet: sheet.name,
        row: r,
        cells,
        columns: fields,
        headers: layout.headers,
        continuationOf: filled.get(`${r}:${descriptionCol}`) ?? null,
        sheetOrgHint: { sheetName: sheet.name, title: layout.title },
      });
    }
    summaries.push({ name: sheet.name, headerRow: layout.headerRow, dataRows: count, skipped: null, columns: describeColumns(layout) });
  }
  if (!summaries.some((s) => s.headerRow !== null)) issues.push(issue('no_header', {}));
  else if (rows.length === 0) issues.push(issue('empty', {}));
  return { rows, issues, sheets: summaries };
}
