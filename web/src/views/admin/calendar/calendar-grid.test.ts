import { describe, expect, it } from 'vitest';
import { holidaysOf, monthGrid } from './calendar-grid';

const days = [
  { date: '2026-02-14', kind: 'work' as const, name: '春节' },
  { date: '2026-02-15', kind: 'off' as const, name: '春节' },
  { date: '2026-01-01', kind: 'off' as const, name: '元旦' },
];

describe('the month view of the working-day calendar', () => {
  it('when February 2026 is drawn, it starts on Sunday the 1st in the last column and marks the make-up Saturday and the holiday', () => {
    const weeks = monthGrid({ year: 2026, month: 2, days });
    expect(weeks[0].slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(weeks[0][6]).toEqual({ date: '2026-02-01', day: 1, kind: 'weekend', name: null });
    const cells = weeks.flat().filter((c) => c !== null);
    expect(cells).toHaveLength(28);
    expect(cells.find((c) => c.date === '2026-02-14')).toMatchObject({ kind: 'work', name: '春节' });
    expect(cells.find((c) => c.date === '2026-02-16')).toMatchObject({ kind: 'weekday' });
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it('when the days are grouped, each holiday lists its days off and make-up days in date order', () => {
    expect(holidaysOf(days)).toEqual([
      { name: '元旦', off: ['2026-01-01'], work: [] },
      { name: '春节', off: ['2026-02-15'], work: ['2026-02-14'] },
    ]);
  });
});
