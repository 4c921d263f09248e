import { isStorableDate } from '@rectify/shared';
import type { CellValue } from './xlsx/xlsx-reader.js';

export type DateReading = { date: string; warning?: string; longTerm?: boolean } | { error: 'date_invalid' };

const pad = (n: number) => String(n).padStart(2, '0');

/** A day the ledger can hold, by the same check as every date the API reads (so 1899 or 2200 is refused here too). */
function ymd(y: number, m: number, d: number): string | null {
  const date = `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
  return isStorableDate(date) ? date : null;
}

const monthEnd = (y: number, m: number) => ymd(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate());

/**
 * An Excel serial day as a calendar date; serials past 60 skip Excel's fictitious 1900-02-29. A serial Excel
 * cannot show (negative or past 9999-12-31) reads as no date, rather than as a JavaScript date that throws.
 */
export function serialToDate(serial: number): string {
  if (!(serial >= 0 && serial <= 2958465)) return '';
  const days = Math.floor(serial);
  const date = new Date(Date.UTC(1899, 11, 30) + days * 86400000);
  return date.toISOString().slice(0, 10);
}

/** A calendar date as the Excel serial that shows it. */
export function dateToSerial(date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86400000);
}

const parts: Record<string, (y: number, m: number) => string | null> = {
  上旬: (y, m) => ymd(y, m, 10),
  中旬: (y, m) => ymd(y, m, 20),
  下旬: monthEnd,
  底: monthEnd,
  末: monthEnd,
  份: monthEnd,
  '': monthEnd,
};

/**
 * Reads a deadline as ledgers write it: a real Excel date, 2026-08-31, 2026/8/31, 2026.8.31, 2026年8月31日,
 * 20260831, 2026年8月底, 8月底, 9月中旬, 年底, with a trailing 前 or 之前. Anything but a full date carries a
 * warning saying how it was read; a day without a year is taken in the current year.
 */
export function readDate(cell: CellValue | undefined, today: string): DateReading | null {
  if (!cell) return null;
  if (cell.kind === 'date') return checked(serialToDate(cell.serial));
  if (cell.kind === 'number') {
    if (/^\d{8}$/.test(String(cell.value))) return readText(String(cell.value), today);
    if (cell.value > 36000 && cell.value < 75000) return { ...checked(serialToDate(cell.value)), warning: `数字 ${cell.value} 按 Excel 日期读取` } as DateReading;
    return { error: 'date_invalid' };
  }
  if (cell.kind !== 'text') return { error: 'date_invalid' };
  return readText(cell.text, today);
}

function checked(date: string | null): DateReading {
  return date && ymd(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))) ? { date } : { error: 'date_invalid' };
}

function readText(raw: string, today: string): DateReading | null {
  const text = raw
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/\s+/g, '')
    .replace(/(之前|以前|前|为止|止)$/, '');
  if (text === '') return null;
  const year = Number(today.slice(0, 4));
  if (/^(长期坚持|长期|持续推进|持续|常态化)$/.test(text)) {
    return { date: `${year}-12-31`, longTerm: true, warning: `“${raw.trim()}”按长期坚持、当年年底（${year}-12-31）为阶段时限读取` };
  }
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return checked(ymd(Number(m[1]), Number(m[2]), Number(m[3])));
  m = /^(?:(\d{4})[-/.年])?(\d{1,2})月(\d{1,2})[日号]$/.exec(text);
  if (m) {
    const date = ymd(m[1] ? Number(m[1]) : year, Number(m[2]), Number(m[3]));
    return date ? { date, ...(m[1] ? {} : { warning: `“${raw.trim()}”未写年份，按 ${year} 年读作 ${date}` }) } : { error: 'date_invalid' };
  }
  m = /^(?:(\d{4})[-/.年])?(\d{1,2})(?:月)?(上旬|中旬|下旬|底|末|份|)$/.exec(text);
  if (m && (m[1] || /月/.test(text))) {
    const date = parts[m[3]](m[1] ? Number(m[1]) : year, Number(m[2]));
    return date ? { date, warning: `“${raw.trim()}”读作 ${date}` } : { error: 'date_invalid' };
  }
  m = /^(\d{4})?年?(底|末|上半年|下半年)$/.exec(text);
  if (m) {
    const y = m[1] ? Number(m[1]) : year;
    const date = m[2] === '上半年' ? `${y}-06-30` : `${y}-12-31`;
    return ymd(y, 1, 1) ? { date, warning: `“${raw.trim()}”读作 ${date}` } : { error: 'date_invalid' };
  }
  return { error: 'date_invalid' };
}
