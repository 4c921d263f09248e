import { describe, expect, it } from 'vitest';
import { preparedCountOf } from './items.total.js';

describe('which list totals the prepared counts answer', () => {
  it('sums the status columns, or the light columns, of the scope row or of one category / source / review', () => {
    expect(preparedCountOf({})).toEqual({ dim: 'total', key: '', sum: 'n', byDay: false });
    expect(preparedCountOf({ status: 'issued,in_progress,closure_requested' })).toMatchObject({ sum: 'issued + in_progress + closure_requested', byDay: false });
    expect(preparedCountOf({ light: 'green,red', categoryId: 4 })).toMatchObject({ dim: 'category', key: '4', sum: '(open - overdue - near) + (overdue)', byDay: true });
    expect(preparedCountOf({ overdue: false, source: 'inspection' })).toMatchObject({ dim: 'source', key: 'inspection', sum: 'n - overdue', byDay: true });
    expect(preparedCountOf({ status: 'closed,closed,bogus' })).toMatchObject({ sum: 'closed' });
  });

  it('leaves every other filter, and statuses with lights, to counting the items', () => {
    for (const query of [{ q: '学习' }, { deadlineTo: '2026-12-31' }, { type: 'immediate' as const }, { awaiting: 'closure' as const }, { responsible: '张' }, { commonProblemId: 3 }]) {
      expect(preparedCountOf(query), JSON.stringify(query)).toBeNull();
    }
    expect(preparedCountOf({ categoryId: 1, source: 'review' })).toBeNull();
    expect(preparedCountOf({ status: 'in_progress', light: 'red' })).toBeNull();
    expect(preparedCountOf({ light: 'red', overdue: true })).toBeNull();
    expect(preparedCountOf({ q: '  ' })).toEqual({ dim: 'total', key: '', sum: 'n', byDay: false });
  });
});
