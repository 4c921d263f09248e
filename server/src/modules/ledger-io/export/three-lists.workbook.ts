import type { Writable } from 'node:stream';
import { itemSourceLabels, itemStatusLabels, itemTypeLabels, type ItemSource, type ItemStatus, type ItemType } from '@rectify/shared';
import { columnLetter } from '../xlsx/xlsx-reader.js';
import { cellXml, escapeXml, stylesXml, type Cell } from '../xlsx/xlsx-writer.js';
import { createZipWriter } from '../xlsx/zip-writer.js';
import type { ExportRow } from './export.rows.js';

type Value = string | number | null;
interface Column {
  header: string;
  width: number;
  date?: boolean;
}

/** One list of the workbook: its columns and the rows one item of the ledger gives it (none, one or several). */
interface ListSheet {
  name: string;
  columns: Column[];
  rowsOf(row: ExportRow): Value[][];
}

const closure = (item: ExportRow['item']) => (item.status === 'closed' ? (item.closedLate ? '逾期销号' : '按期销号') : itemStatusLabels[item.status as ItemStatus]);

/**
 * The three lists the practice names — 问题清单 (one row per problem), 任务清单 (one per measure), 责任清单 (who answers
 * for each problem and each measure) — and 成果清单 (the closed problems with their closure date and evidence).
 */
export const threeListSheets: ListSheet[] = [
  {
    name: '问题清单',
    columns: [
      { header: '序号', width: 6 },
      { header: '编号', width: 16 },
      { header: '所属单位', width: 20 },
      { header: '问题来源', width: 11 },
      { header: '问题类别', width: 12 },
      { header: '问题', width: 24 },
      { header: '问题描述', width: 44 },
      { header: '整改目标', width: 28 },
      { header: '整改类型', width: 10 },
      { header: '整改时限', width: 12, date: true },
      { header: '完成情况', width: 11 },
    ],
    rowsOf: ({ item, orgName, categoryName }) => [
      [item.code, orgName, itemSourceLabels[item.source as ItemSource] ?? item.source, categoryName, item.title, item.description, item.target, itemTypeLabels[item.type as ItemType] ?? item.type, item.deadline, closure(item)],
    ],
  },
  {
    name: '任务清单',
    columns: [
      { header: '序号', width: 6 },
      { header: '问题编号', width: 16 },
      { header: '所属单位', width: 20 },
      { header: '问题', width: 24 },
      { header: '措施序号', width: 8 },
      { header: '整改措施', width: 48 },
      { header: '责任人', width: 12 },
      { header: '完成时限', width: 12, date: true },
    ],
    rowsOf: ({ item, orgName, measures }) => measures.map((m, i) => [item.code, orgName, item.title, i + 1, m.content, m.responsiblePerson ?? item.responsiblePerson, m.deadline ?? item.deadline]),
  },
  {
    name: '责任清单',
    columns: [
      { header: '序号', width: 6 },
      { header: '问题编号', width: 16 },
      { header: '所属单位', width: 20 },
      { header: '问题', width: 24 },
      { header: '责任事项', width: 40 },
      { header: '责任领导', width: 12 },
      { header: '责任人', width: 12 },
      { header: '完成时限', width: 12, date: true },
    ],
    // The problem's own row names its leader and person; each measure's row names whoever answers for that measure.
    rowsOf: ({ item, orgName, measures }) => [
      [item.code, orgName, item.title, `问题整改（整体）`, item.responsibleLeader, item.responsiblePerson, item.deadline],
      ...measures.map((m, i): Value[] => [item.code, orgName, item.title, `措施${i + 1}：${m.content}`, item.responsibleLeader, m.responsiblePerson ?? item.responsiblePerson, m.deadline ?? item.deadline]),
    ],
  },
  {
    name: '成果清单',
    columns: [
      { header: '序号', width: 6 },
      { header: '编号', width: 16 },
      { header: '所属单位', width: 20 },
      { header: '问题', width: 24 },
      { header: '整改完成情况', width: 40 },
      { header: '完成日期', width: 12, date: true },
      { header: '销号日期', width: 12, date: true },
      { header: '销号情况', width: 10 },
      { header: '佐证材料', width: 36 },
    ],
    rowsOf: ({ item, orgName, evidence }) =>
      item.status === 'closed' ? [[item.code, orgName, item.title, item.completionNote, item.completedOn, item.closedOn, closure(item), evidence.join('\n') || null]] : [],
  },
];

function cellsOf(seq: number, values: Value[], columns: Column[]): Cell[] {
  return [{ number: seq, style: 'seq' }, ...values.map((value, i): Cell => (columns[i + 1].date ? { date: value as string | null, style: 'date' } : { text: value === null ? null : String(value), style: 'text' }))];
}

/** The height a row needs for its wrapped texts: each line's width over its column's, CJK counting double. */
function rowHeight(values: Value[], columns: Column[]): number {
  let lines = 1;
  values.forEach((value, i) => {
    if (typeof value !== 'string') return;
    const width = Math.max(1, columns[i + 1].width - 1);
    const cellLines = value.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil([...line].reduce((u, c) => u + (c.charCodeAt(0) >= 0x2e80 ? 2 : 1.1), 0) / width)), 0);
    lines = Math.max(lines, cellLines);
  });
  return Math.min(409, lines * 15 + 4);
}

/**
 * Writes the lists as one workbook, each sheet from a fresh pass over the ledger's pages (`pages()`), so that no more
 * than a page of rows is in memory at a time. 成果清单 is left out while nothing in the ledger is closed.
 */
export async function writeThreeListsWorkbook(output: Writable, pages: () => AsyncIterable<ExportRow[]>, { title, subtitle, hasClosed }: { title: string; subtitle: string; hasClosed: boolean }) {
  const zip = createZipWriter(output);
  const sheets = threeListSheets.filter((s) => s.name !== '成果清单' || hasClosed);
  const counts: number[] = [];
  for (const [index, sheet] of sheets.entries()) {
    const lastCol = columnLetter(sheet.columns.length);
    let rowCount = 0;
    await zip.entry(`xl/worksheets/sheet${index + 1}.xml`, async (write) => {
      await write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"${index === 0 ? ' tabSelected="1"' : ''}><pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${sheet.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('')}</cols><sheetData>`);
      const row = (cells: Cell[], height: number) => `<row r="${++rowCount}" ht="${height}" customHeight="1">${cells.map((c, i) => cellXml(c, `${columnLetter(i + 1)}${rowCount}`)).join('')}</row>`;
      const blank = (n: number): Cell[] => Array.from({ length: n }, () => ({ text: null }));
      await write(
        row([{ text: `${title}·${sheet.name}`, style: 'title' }, ...blank(sheet.columns.length - 1)], 30) +
          row([{ text: subtitle, style: 'subtitle' }, ...blank(sheet.columns.length - 1)], 18) +
          row(sheet.columns.map((c) => ({ text: c.header, style: 'header' as const })), 24),
      );
      let seq = 0;
      for await (const page of pages()) {
        const chunk: string[] = [];
        for (const item of page) for (const values of sheet.rowsOf(item)) chunk.push(row(cellsOf(++seq, values, sheet.columns), rowHeight(values, sheet.columns)));
        if (chunk.length) await write(chunk.join(''));
      }
      await write(
        `</sheetData><autoFilter ref="A3:${lastCol}${Math.max(rowCount, 3)}"/><mergeCells count="2"><mergeCell ref="A1:${lastCol}1"/><mergeCell ref="A2:${lastCol}2"/></mergeCells><pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>`,
      );
    });
    counts.push(rowCount - 3);
  }
  // The parts that name the sheets come last, when it is known which sheets there are.
  const overrides = sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
  await zip.entry('[Content_Types].xml', (write) =>
    write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`),
  );
  await zip.entry('_rels/.rels', (write) =>
    write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
  );
  const names = sheets.map((s) => escapeXml(s.name));
  await zip.entry('xl/workbook.xml', (write) =>
    write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>${names.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets><definedNames>${names.map((n, i) => `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">'${n}'!$3:$3</definedName>`).join('')}</definedNames></workbook>`),
  );
  await zip.entry('xl/_rels/workbook.xml.rels', (write) =>
    write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`),
  );
  await zip.entry('xl/styles.xml', (write) => write(stylesXml));
  await zip.finish();
  return { rows: Object.fromEntries(sheets.map((s, i) => [s.name, counts[i]])) };
}
