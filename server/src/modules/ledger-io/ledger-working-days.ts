import type { DeadlineBasis } from '@rectify/shared';
import type { CellValue } from './xlsx/xlsx-reader.js';

/** As many working days as a deadline may ask for (the API's schemas say the same). */
export const maxWorkingDays = 250;

export type WorkingDaysReading = { days: number; basis: DeadlineBasis } | { error: 'working_days_invalid' };

/** 15个工作日, or 自签收之日起15个工作日, as the export writes it and an import reads it back. */
export const formatWorkingDays = (days: number, basis: DeadlineBasis | null = 'issue') => `${basis === 'acknowledge' ? '自签收之日起' : ''}${days}个工作日`;

const digits = (text: string) => text.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48));

/**
 * A deadline in working days as ledgers write it: 15个工作日, 15 个工作日内, 自下达之日起15个工作日, or counted from
 * 签收: 自签收之日起15个工作日, 签收后15个工作日内. `loose` (the 工作日时限 column itself) also takes a bare 15; in the
 * 整改时限 column only text naming 工作日 counts, so that 20260831 stays a date.
 */
export function readWorkingDays(cell: CellValue | undefined, { loose }: { loose: boolean }): WorkingDaysReading | null {
  if (!cell) return null;
  if (cell.kind === 'number') return loose ? checked(cell.value) : null;
  if (cell.kind !== 'text') return loose ? { error: 'working_days_invalid' } : null;
  const text = digits(cell.text).replace(/\s+/g, '');
  if (text === '') return null;
  const m = /^(自下达之日起|下达后|自交办之日起|交办后|自签收之日起|签收后)?(\d{1,4})(个?工作日)?(?:内|以内|之内)?$/.exec(text);
  if (!m || (!m[3] && !loose)) return loose ? { error: 'working_days_invalid' } : null;
  return checked(Number(m[2]), m[1]?.includes('签收') ? 'acknowledge' : 'issue');
}

function checked(days: number, basis: DeadlineBasis = 'issue'): WorkingDaysReading {
  return Number.isInteger(days) && days >= 1 && days <= maxWorkingDays ? { days, basis } : { error: 'working_days_invalid' };
}

/** 主办单位、协办单位 in one cell: names separated by 、, commas, semicolons or line breaks. */
export function splitOrgNames(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[、,，;；\n]+/)
        .map((name) => name.replace(/\s+/g, ''))
        .filter(Boolean),
    ),
  ];
}
