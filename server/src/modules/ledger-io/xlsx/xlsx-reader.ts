import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import { AppError } from '../../../lib/app-error.js';
import { isDateFormat } from './number-formats.js';
import { timeSlicer, type TimeSlicer } from './time-slice.js';

/** One cell as the file holds it; dates are kept as Excel serial numbers until someone asks for a day. */
export type CellValue =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; serial: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'error'; text: string }
  | { kind: 'formula_without_value'; formula: string };

export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetData {
  name: string;
  hidden: boolean;
  /** Only rows holding something: row number → column number (1-based) → value. */
  rows: Map<number, Map<number, CellValue>>;
  merges: MergedRange[];
}

export interface ReadLimits {
  /** Rows holding data, all sheets together; more is refused. */
  maxDataRows: number;
  /** Rows of any kind (formatted empty ones too), all sheets together; more is refused. */
  maxScannedRows: number;
  /** Columns past this one are not read. */
  maxColumns: number;
  /** Merged ranges, all sheets together; more is refused. */
  maxMerges: number;
  /** Characters of text kept (shared strings and inline strings), all sheets together; more is refused. */
  maxTextChars: number;
}

/** Excel holds at most this many characters in a cell; anything longer is cut while it is read. */
const maxCellChars = 32767;
/** Parser input is fed in pieces this size, so no single write takes long whatever the entry's chunks are. */
const feedChars = 16 * 1024;

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** `B12` → { row: 12, col: 2 }. */
export function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The parser's events, a batch per piece of input: one await per batch, not per event. */
async function* xmlEvents(stream: Readable, slicer: TimeSlicer) {
  const parser = new SaxesParser();
  const queue: Array<['open', SaxesTagPlain] | ['text', string] | ['close', string]> = [];
  let failure: Error | null = null;
  parser.on('opentag', (tag) => queue.push(['open', tag as SaxesTagPlain]));
  parser.on('text', (text) => queue.push(['text', text]));
  parser.on('closetag', (tag) => queue.push(['close', localName(tag.name)]));
  parser.on('error', (err) => {
    failure = err;
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    for (let at = 0; at < text.length; at += feedChars) {
      parser.write(text.slice(at, at + feedChars));
      if (failure) throw failure;
      if (queue.length > 0) yield queue.splice(0);
      await slicer.pause();
    }
  }
  parser.write(decoder.decode());
  parser.close();
  if (failure) throw failure;
  yield queue.splice(0);
}

/**
 * Reads an .xlsx (from memory or from a file on disk), one XML part at a time through a streaming parser: shared
 * strings, styles (to tell dates from numbers), then each sheet's rows and merged ranges. Only rows that hold
 * something are kept, and reading stops with an `import.*` error as soon as rows, merged ranges or text pass the
 * limits, so a file of a million formatted empty rows costs a bounded scan, never a million objects. Entry sizes
 * are enforced by yauzl while inflating. The parse gives the event loop back every slice (see `timeSlicer`).
 * The caller has checked the archive with `assertSafeZip` first.
 */
export async function readXlsx(source: Buffer | string, limits: ReadLimits, slicer: TimeSlicer = timeSlicer()): Promise<{ sheets: SheetData[] }> {
  const options = { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true };
  const zip = await (typeof source === 'string' ? yauzl.openPromise(source, options) : yauzl.fromBufferPromise(source, options));
  try {
    const entries = new Map<string, yauzl.Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName.replace(/^\//, '').toLowerCase(), entry);
    const open = (path: string) => {
      const entry = entries.get(path.replace(/^\//, '').toLowerCase());
      return entry ? zip.openReadStreamPromise(entry) : null;
    };

    const workbookStream = open('xl/workbook.xml');
    if (!workbookStream) throw new AppError('import.not_xlsx');
    const { sheets: sheetList, date1904 } = await readWorkbook(await workbookStream, slicer);
    const rels = await readRelationships(await open('xl/_rels/workbook.xml.rels'), slicer);
    const budget = { dataRows: 0, scannedRows: 0, merges: 0, textChars: 0 };
    const strings = await readSharedStrings(await open('xl/sharedStrings.xml'), { limits, budget, slicer });
    const dateStyles = await readDateStyles(await open('xl/styles.xml'), slicer);

    const sheets: SheetData[] = [];
    for (const sheet of sheetList) {
      const target = rels.get(sheet.relId);
      if (!target) continue;
      const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      const stream = open(path.replace(/\/\.\//g, '/'));
      if (!stream) continue;
      sheets.push({ name: sheet.name, hidden: sheet.hidden, ...(await readSheet(await stream, { strings, dateStyles, date1904, limits, budget, slicer })) });
    }
    return { sheets };
  } finally {
    zip.close();
  }
}

async function readWorkbook(stream: Readable, slicer: TimeSlicer) {
  const sheets: Array<{ name: string; relId: string; hidden: boolean }> = [];
  let date1904 = false;
  for await (const events of xmlEvents(stream, slicer)) {
    for (const [type, value] of events) {
      if (type !== 'open') continue;
      const name = localName(value.name);
      const attr = value.attributes;
      if (name === 'workbookPr') date1904 = attr.date1904 === '1' || attr.date1904 === 'true';
      if (name === 'sheet') {
        const relId = Object.entries(attr).find(([key]) => localName(key) === 'id' && key.includes(':'))?.[1] ?? attr.id;
        sheets.push({ name: attr.name ?? '', relId: relId ?? '', hidden: attr.state === 'hidden' || attr.state === 'veryHidden' });
      }
    }
  }
  return { sheets, date1904 };
}

async function readRelationships(stream: Readable | null, slicer: TimeSlicer) {
  const rels = new Map<string, string>();
  if (!stream) return rels;
  for await (const events of xmlEvents(stream, slicer)) {
    for (const [type, value] of events) {
      if (type === 'open' && localName(value.name) === 'Relationship') rels.set(value.attributes.Id, value.attributes.Target);
    }
  }
  return rels;
}

type Budget = { dataRows: number; scannedRows: number; merges: number; textChars: number };

/** Counts text about to be kept against the limit (an empty string as one, for the slot it takes); refuses the file past it. */
function keepText(text: string, limits: ReadLimits, budget: Budget) {
  budget.textChars += text.length + 1;
  if (budget.textChars > limits.maxTextChars) throw new AppError('import.too_much_text', { details: { maxTextChars: limits.maxTextChars } });
  return text;
}

/** Appends to a value being read, never past what a cell can hold. */
const append = (to: string, text: string) => (to.length >= maxCellChars ? to : (to + text).slice(0, maxCellChars));

async function readSharedStrings(stream: Readable | null, { limits, budget, slicer }: { limits: ReadLimits; budget: Budget; slicer: TimeSlicer }): Promise<string[]> {
  const strings: string[] = [];
  if (!stream) return strings;
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  for await (const events of xmlEvents(stream, slicer)) {
    for (const [type, value] of events) {
      if (type === 'open') {
        const name = localName(value.name);
        if (name === 'si') current = '';
        else if (name === 'rPh') phonetic++;
        else if (name === 't' && phonetic === 0) inText = true;
      } else if (type === 'text') {
        if (inText && current !== null) current = append(current, value);
      } else if (value === 't') inText = false;
      else if (value === 'rPh') phonetic--;
      else if (value === 'si' && current !== null) {
        strings.push(keepText(current, limits, budget));
        current = null;
      }
    }
  }
  return strings;
}

/** Which style indexes (cellXfs) format their number as a date. */
async function readDateStyles(stream: Readable | null, slicer: TimeSlicer): Promise<Set<number>> {
  const dates = new Set<number>();
  if (!stream) return dates;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  let index = 0;
  for await (const events of xmlEvents(stream, slicer)) {
    for (const [type, value] of events) {
      if (type === 'open') {
        const name = localName(value.name);
        if (name === 'numFmt') custom.set(Number(value.attributes.numFmtId), value.attributes.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) {
          const id = Number(value.attributes.numFmtId ?? 0);
          if (isDateFormat(id, custom.get(id))) dates.add(index);
          index++;
        }
      } else if (type === 'close' && value === 'cellXfs') inCellXfs = false;
    }
  }
  return dates;
}

interface SheetContext {
  strings: string[];
  dateStyles: Set<number>;
  date1904: boolean;
  limits: ReadLimits;
  budget: Budget;
  slicer: TimeSlicer;
}

function tooMany(kind: 'data' | 'scanned', limits: ReadLimits) {
  return new AppError('import.too_many_rows', {
    details: kind === 'data' ? { maxDataRows: limits.maxDataRows } : { maxScannedRows: limits.maxScannedRows, reason: 'too_many_rows_including_empty' },
  });
}

async function readSheet(stream: Readable, { strings, dateStyles, date1904, limits, budget, slicer }: SheetContext) {
  const rows = new Map<number, Map<number, CellValue>>();
  const merges: MergedRange[] = [];
  let rowNo = 0;
  let row: Map<number, CellValue> | null = null;
  let cell: { col: number; style: number; type: string; value: string; hasValue: boolean; formula: string | null; inlineText: string } | null = null;
  let col = 0;
  let reading: 'v' | 'f' | 't' | null = null;

  for await (const events of xmlEvents(stream, slicer)) {
    for (const [type, value] of events) {
      if (type === 'open') {
        const name = localName(value.name);
        const attr = value.attributes;
        if (name === 'row') {
          rowNo = attr.r ? Number(attr.r) : rowNo + 1;
          col = 0;
          row = new Map();
          if (++budget.scannedRows > limits.maxScannedRows) throw tooMany('scanned', limits);
        } else if (name === 'c' && row) {
          col = attr.r ? (parseRef(attr.r)?.col ?? col + 1) : col + 1;
          cell = { col, style: Number(attr.s ?? 0), type: attr.t ?? 'n', value: '', hasValue: false, formula: null, inlineText: '' };
        } else if (cell && (name === 'v' || name === 'f' || name === 't')) {
          reading = name;
          if (name === 'f') cell.formula = cell.formula ?? '';
          if (name === 'v') cell.hasValue = true;
        } else if (name === 'mergeCell' && attr.ref) {
          if (++budget.merges > limits.maxMerges) throw new AppError('import.too_many_merges', { details: { maxMerges: limits.maxMerges } });
          const [from, to] = attr.ref.split(':').map(parseRef);
          // A range written bottom-up (B9:A2) covers the same cells; only a range starting in a read column matters.
          const range = from && to ? { top: Math.min(from.row, to.row), left: Math.min(from.col, to.col), bottom: Math.max(from.row, to.row), right: Math.max(from.col, to.col) } : null;
          if (range && range.left <= limits.maxColumns) merges.push(range);
        }
      } else if (type === 'text') {
        if (!cell || !reading) continue;
        if (reading === 'v') cell.value = append(cell.value, value);
        else if (reading === 'f') cell.formula = append(cell.formula ?? '', value);
        else cell.inlineText = append(cell.inlineText, value);
      } else if (value === 'v' || value === 'f' || value === 't') {
        reading = null;
      } else if (value === 'c' && cell && row) {
        const parsed = cell.col <= limits.maxColumns ? cellValue(cell, { strings, dateStyles, date1904 }) : null;
        if (parsed) {
          // Shared strings were counted once when read; text written into the cell itself is counted here.
          if (parsed.kind === 'text' && cell.type !== 's') keepText(parsed.text, limits, budget);
          row.set(cell.col, parsed);
        }
        cell = null;
      } else if (value === 'row' && row) {
        if (row.size > 0) {
          if (++budget.dataRows > limits.maxDataRows) throw tooMany('data', limits);
          rows.set(rowNo, row);
        }
        row = null;
      }
    }
  }
  return { rows, merges };
}

function cellValue(
  cell: { style: number; type: string; value: string; hasValue: boolean; formula: string | null; inlineText: string },
  { strings, dateStyles, date1904 }: { strings: string[]; dateStyles: Set<number>; date1904: boolean },
): CellValue | null {
  const { type, value } = cell;
  // A formula saved without its result (as some generators do) has nothing to import.
  if (cell.formula !== null && !cell.hasValue && type !== 'inlineStr') return { kind: 'formula_without_value', formula: cell.formula };
  if (type === 's') return text(strings[Number(value)] ?? '');
  if (type === 'inlineStr') return text(cell.inlineText);
  if (type === 'str') return text(value);
  if (type === 'b') return { kind: 'bool', value: value === '1' || value === 'true' };
  if (type === 'e') return { kind: 'error', text: value };
  if (type === 'd') return text(value);
  if (value === '') return null;
  const number = Number(value);
  if (!Number.isFinite(number)) return text(value);
  // Serial numbers count from 1899-12-30 (or from 1904-01-01 in workbooks that say so).
  if (dateStyles.has(cell.style)) return { kind: 'date', serial: date1904 ? number + 1462 : number };
  return { kind: 'number', value: number };
}

function text(value: string): CellValue | null {
  return value.trim() === '' ? null : { kind: 'text', text: value.length > maxCellChars ? value.slice(0, maxCellChars) : value };
}
