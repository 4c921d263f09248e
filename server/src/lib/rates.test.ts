import { describe, expect, it } from 'vitest';
import { rates } from './rates.js';

describe('rates', () => {
  it('counts the completion rate over every item not cancelled, not over the overdue ones only', () => {
    // 60 items, 29 closed, 5 still open past the deadline: the old "closed ÷ (closed + overdue)" gave 85.3 %.
    const r = rates({ total: 60, cancelled: 0, closed: 29, closedOnTime: 25, overdueOpen: 5 });
    expect(r.completionRate).toBeCloseTo(29 / 60);
    expect(Math.round(r.completionRate! * 1000) / 10).toBe(48.3);
    expect(r.onTimeRate).toBeCloseTo(25 / 34);
    expect(r.overdueOpen).toBe(5);
  });

  it('gives an organization with 6 open items and 2 closed 25 %, whatever the deadlines', () => {
    expect(rates({ total: 8, cancelled: 0, closed: 2, closedOnTime: 2, overdueOpen: 0 }).completionRate).toBe(0.25);
  });

  it('leaves cancelled items out of the completion rate', () => {
    expect(rates({ total: 10, cancelled: 2, closed: 4, closedOnTime: 4, overdueOpen: 1 }).completionRate).toBe(0.5);
  });

  it('has no rate when there is nothing to divide by', () => {
    expect(rates({ total: 3, cancelled: 3, closed: 0, closedOnTime: 0, overdueOpen: 0 })).toEqual({ completionRate: null, onTimeRate: null, overdueOpen: 0 });
    expect(rates({ total: 4, cancelled: 0, closed: 0, closedOnTime: 0, overdueOpen: 0 }).onTimeRate).toBeNull();
  });
});
