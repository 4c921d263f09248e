import { describe, expect, it } from 'vitest';
import { toRollup } from './reviews.rollup.js';

/** The roll-up reviews and common problems show: the rates of lib/rates.ts, not a ratio of their own. */
describe('a review or common problem roll-up', () => {
  it('when 2 of 8 counted items are closed (one late) and 3 are overdue, it gives 25 % complete and 1 of 5 due on time', () => {
    const rollup = toRollup({ total: 9, closed: 2, closedLate: 1, cancelled: 1, overdue: 3 });
    expect(rollup).toMatchObject({ total: 9, open: 6, closed: 2, overdue: 3, cancelled: 1 });
    // Not closed ÷ (closed + overdue) = 40 %, nor closed ÷ total = 22 %.
    expect(rollup.completionRate).toBe(0.25);
    expect(rollup.onTimeRate).toBe(0.2);
  });

  it('when nothing counts or nothing is due, the rates are null rather than 0 or 100 %', () => {
    expect(toRollup({ total: 1, closed: 0, closedLate: 0, cancelled: 1, overdue: 0 })).toMatchObject({ completionRate: null, onTimeRate: null });
    expect(toRollup({ total: 6, closed: 0, closedLate: 0, cancelled: 0, overdue: 0 })).toMatchObject({ completionRate: 0, onTimeRate: null });
  });
});
