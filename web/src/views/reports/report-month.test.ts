import { describe, expect, it } from 'vitest';
import { changeOf, isEmptyMonth, isReportMonth, lastMonth, reportParamsFromQuery, reportParamsToQuery, shiftMonth, unavailableMonth } from './report-month';

describe('the report month in the address', () => {
  it('defaults to the last finished month, across a new year too', () => {
    expect(lastMonth('2026-06-10')).toBe('2026-05');
    expect(lastMonth('2026-01-01')).toBe('2025-12');
    expect(reportParamsFromQuery({}, '2026-06-10')).toEqual({ month: '2026-05', orgId: undefined });
  });

  it('keeps a month the server can report on, with the organization', () => {
    expect(reportParamsFromQuery({ month: '2026-06', orgId: '4' }, '2026-06-10')).toEqual({ month: '2026-06', orgId: 4 });
    expect(reportParamsFromQuery({ month: '2025-02' }, '2026-06-10').month).toBe('2025-02');
  });

  it('falls back to last month for a malformed, future or too early month', () => {
    for (const month of ['2026-13', '2026-7', '2026-07', '1999-12', 'last', '']) {
      expect(reportParamsFromQuery({ month }, '2026-06-10').month).toBe('2026-05');
    }
    expect(reportParamsFromQuery({ orgId: 'x' }, '2026-06-10').orgId).toBeUndefined();
  });

  it('writes the month always and the organization only when chosen', () => {
    expect(reportParamsToQuery({ month: '2026-05' })).toEqual({ month: '2026-05' });
    expect(reportParamsToQuery({ month: '2026-05', orgId: 3 })).toEqual({ month: '2026-05', orgId: '3' });
  });

  it('counts months across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-05', -17)).toBe('2024-12');
    expect(isReportMonth('2000-01', '2026-06-10')).toBe(true);
  });
});

describe('a change against last month', () => {
  it('says up, down or the same, rounded to the one decimal shown', () => {
    expect(changeOf(3)).toEqual({ direction: 'up', size: 3 });
    expect(changeOf(-2)).toEqual({ direction: 'down', size: 2 });
    expect(changeOf(0)).toEqual({ direction: 'same', size: 0 });
    expect(changeOf(0.04)).toEqual({ direction: 'same', size: 0 });
    expect(changeOf(14.141414)).toEqual({ direction: 'up', size: 14.1 });
    expect(changeOf(null)).toEqual({ direction: 'none', size: 0 });
  });

  it('when the address names a month no report exists for, it says which and why instead of falling back quietly', () => {
    expect(unavailableMonth({ month: '2026-05' }, '2026-06-10')).toBeNull();
    expect(unavailableMonth({}, '2026-06-10')).toBeNull();
    expect(unavailableMonth({ month: '2027-01' }, '2026-06-10')).toEqual({ month: '2027-01', reason: 'future' });
    expect(unavailableMonth({ month: '1999-12' }, '2026-06-10')).toEqual({ month: '1999-12', reason: 'early' });
    expect(unavailableMonth({ month: '2026-13' }, '2026-06-10')).toEqual({ month: '2026-13', reason: 'invalid' });
    expect(isEmptyMonth({ totalItems: 0, closedTotal: 0, newItems: 0 })).toBe(true);
    expect(isEmptyMonth({ totalItems: 3, closedTotal: 0, newItems: 0 })).toBe(false);
  });
});
