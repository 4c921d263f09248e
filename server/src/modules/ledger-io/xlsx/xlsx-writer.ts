import type { Writable } from 'node:stream';
import { columnLetter } from './xlsx-reader.js';
import { createZipWriter } from './zip-writer.js';

/**
 * A one-sheet .xlsx written as a stream: rows go out (deflated) as they are added, so a sheet of any length
 * costs the memory of one page of rows. Written by hand because exceljs 4.4's streaming writer keeps the whole
 * sheet in memory until it is committed. Every text is an inline string: never a formula, whatever it starts with.
 */
export type CellStyle = 'text' | 'seq' | 'date' | 'dateGreen' | 'dateYellow' | 'dateRed' | 'title' | 'subtitle' | 'header';
export type Cell = { text: string | null; style?: CellStyle } | { number: number | null; style?: CellStyle } | { date: string | null; style?: CellStyle };

// Style indexes into cellXfs below; fonts, fills and borders are fixed tables.
const styleIndex: Record<CellStyle, number> = { title: 1, subtitle: 2, header: 3, text: 4, seq: 5, date: 6, dateGreen: 7, dateYellow: 8, dateRed: 9 };

export const stylesXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>
<fonts count="7">
<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>
<font><b/><sz val="16"/><name val="Calibri"/><family val="2"/></font>
<font><sz val="10"/><color rgb="FF555555"/><name val="Calibri"/><family val="2"/></font>
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>
<font><sz val="11"/><color rgb="FF006100"/><name val="Calibri"/><family val="2"/></font>
<font><sz val="11"/><color rgb="FF9C5700"/><name val="Calibri"/><family val="2"/></font>
<font><sz val="11"/><color rgb="FF9C0006"/><name val="Calibri"/><family val="2"/></font>
</fonts>
<fills count="6">
<fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFC6EFCE"/><bgColor indexed="64"/></patternFill></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFFFEB9C"/><bgColor indexed="64"/></patternFill></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill>
</fills>
<borders count="2">
<border><left/><right/><top/><bottom/><diagonal/></border>
<border><left style="thin"><color rgb="FF9E9E9E"/></left><right style="thin"><color rgb="FF9E9E9E"/></right><top style="thin"><color rgb="FF9E9E9E"/></top><bottom style="thin"><color rgb="FF9E9E9E"/></bottom><diagonal/></border>
</borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="10">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="left" vertical="center"/></xf>
<xf numFmtId="0" fontId="3" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="top" wrapText="1"/></xf>
<xf numFmtId="1" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="top"/></xf>
<xf numFmtId="164" fontId="4" fillId="3" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="top"/></xf>
<xf numFmtId="164" fontId="5" fillId="4" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="top"/></xf>
<xf numFmtId="164" fontId="6" fillId="5" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="top"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

// Characters XML 1.0 cannot carry at all; a spreadsheet cell never needs them.
const invalidXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const needsEscaping = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff&<>"]/;
// Most cells need nothing done: one test spares them five passes over the text.
export const escapeXml = (text: string) =>
  needsEscaping.test(text)
    ? text.replace(invalidXml, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    : text;

const serialOf = (day: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86400000);

export function cellXml(cell: Cell, ref: string): string {
  const s = cell.style ? ` s="${styleIndex[cell.style]}"` : '';
  if ('text' in cell) {
    if (cell.text === null || cell.text === '') return s ? `<c r="${ref}"${s}/>` : '';
    return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(cell.text)}</t></is></c>`;
  }
  const value = 'date' in cell ? (cell.date ? serialOf(cell.date) : null) : cell.number;
  return value === null ? (s ? `<c r="${ref}"${s}/>` : '') : `<c r="${ref}"${s}><v>${value}</v></c>`;
}

export interface SheetOptions {
  sheetName: string;
  widths: number[];
  /** Rows kept in view while scrolling (title and header). */
  frozenRows: number;
  /** Row repeated on every printed page, and where the filter buttons go. */
  headerRow: number;
  /** Whole-width merged rows (the title rows). */
  mergedRows: number[];
}

/**
 * Rows handed to the zip at a time: few enough that the joined text stays below V8's large object size (128 KB),
 * which would put it outside the young generation and keep it until a full collection.
 */
const rowsPerFlush = 25;

export async function createXlsxWriter(output: Writable, options: SheetOptions) {
  const zip = createZipWriter(output);
  const lastCol = columnLetter(options.widths.length);
  const sheetName = escapeXml(options.sheetName);
  let rowCount = 0;
  let pending: string[] = [];
  let sheetWrite: ((text: string) => Promise<void>) | null = null;
  let sheetDone: Promise<void> | null = null;
  let finishSheet: (() => void) | null = null;

  await zip.entry(
    '[Content_Types].xml',
    async (write) =>
      write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`),
  );
  await zip.entry(
    '_rels/.rels',
    async (write) =>
      write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
  );
  await zip.entry(
    'xl/workbook.xml',
    async (write) =>
      write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'${sheetName}'!$${options.headerRow}:$${options.headerRow}</definedName></definedNames></workbook>`),
  );
  await zip.entry(
    'xl/_rels/workbook.xml.rels',
    async (write) =>
      write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`),
  );
  await zip.entry('xl/styles.xml', async (write) => write(stylesXml));

  // The sheet entry stays open while rows arrive; `finish` closes it.
  const ready = new Promise<void>((resolveReady) => {
    sheetDone = zip.entry('xl/worksheets/sheet1.xml', async (write) => {
      sheetWrite = write;
      const top = options.frozenRows + 1;
      await write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"><pane ySplit="${options.frozenRows}" topLeftCell="A${top}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${top}" sqref="A${top}"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${options.widths
        .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
        .join('')}</cols><sheetData>`);
      resolveReady();
      await new Promise<void>((resolve) => (finishSheet = resolve));
      await write(
        `</sheetData><autoFilter ref="A${options.headerRow}:${lastCol}${Math.max(rowCount, options.headerRow)}"/><mergeCells count="${options.mergedRows.length}">${options.mergedRows
          .map((r) => `<mergeCell ref="A${r}:${lastCol}${r}"/>`)
          .join('')}</mergeCells><pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/><pageSetup paperSize="8" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>`,
      );
    });
  });
  await ready;

  return {
    /** Adds the next row; rows are flushed to the zip in small batches. */
    async addRow(cells: Cell[], { height }: { height?: number } = {}) {
      rowCount++;
      const ht = height ? ` ht="${height}" customHeight="1"` : '';
      pending.push(`<row r="${rowCount}"${ht}>${cells.map((c, i) => cellXml(c, `${columnLetter(i + 1)}${rowCount}`)).join('')}</row>`);
      if (pending.length >= rowsPerFlush) await this.flush();
    },
    async flush() {
      if (pending.length === 0) return;
      const chunk = pending.join('');
      pending = [];
      await sheetWrite!(chunk);
    },
    async finish() {
      await this.flush();
      finishSheet!();
      await sheetDone;
      await zip.finish();
      return { rows: rowCount };
    },
  };
}
