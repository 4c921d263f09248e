import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, nextDay, workingWindowInCalendarDays, type CalendarYear } from './working-days.js';

/** Every day from `from` to `to`, inclusive. */
const span = (from: string, to: string) => {
  const days: string[] = [];
  for (let d = from; d <= to; d = nextDay(d)) days.push(d);
  return days;
};

// The State Council's arrangements for 2025 and 2026 (shared calendar facts), typed out by hand.
const y2025: CalendarYear = {
  year: 2025,
  offDays: [...span('2025-01-01', '2025-01-01'), ...span('2025-01-28', '2025-02-04'), ...span('2025-04-04', '2025-04-06'), ...span('2025-05-01', '2025-05-05'), ...span('2025-05-31', '2025-06-02'), ...span('2025-10-01', '2025-10-08')],
  workDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};
const y2026: CalendarYear = {
  year: 2026,
  offDays: [...span('2026-01-01', '2026-01-03'), ...span('2026-02-15', '2026-02-23'), ...span('2026-04-04', '2026-04-06'), ...span('2026-05-01', '2026-05-05'), ...span('2026-06-19', '2026-06-21'), ...span('2026-09-25', '2026-09-27'), ...span('2026-10-01', '2026-10-07')],
  workDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
const calendar = createWorkingCalendar({ years: [y2025, y2026] });
const add = (from: string, days: number) => calendar.addWorkingDays({ from, days });

describe('working days', () => {
  it('when the Friday before the 2026 Spring Festival gets one working day, it lands on the make-up Saturday 02-14', () => {
    expect(add('2026-02-13', 1)).toEqual({ date: '2026-02-14', missingYears: [] });
  });

  it('when the make-up Saturday 2026-02-14 gets one working day, it skips the whole festival to Tuesday 02-24', () => {
    expect(add('2026-02-14', 1).date).toBe('2026-02-24');
  });

  it('when 2026-09-30 gets one, two and three working days, it gives 10-08, 10-09 and the make-up Saturday 10-10', () => {
    expect([1, 2, 3].map((n) => add('2026-09-30', n).date)).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
  });

  it('when working days of January 2026 are counted, it finds 21 (the make-up Sunday 01-04 counts, 01-01 and 01-02 do not)', () => {
    expect(calendar.countWorkingDays({ from: '2026-01-01', to: '2026-01-31' })).toEqual({ count: 21, missingYears: [] });
  });

  it('when 2025-12-31 gets one working day, it crosses into 2026 and lands on the make-up Sunday 01-04', () => {
    expect(add('2025-12-31', 1)).toEqual({ date: '2026-01-04', missingYears: [] });
  });

  it('when 15 working days are counted from 2026-02-09 across the Spring Festival, it lands on 2026-03-06', () => {
    // 02-10…02-14 are five (02-14 a make-up Saturday), 02-24…02-28 five more (02-28 make-up), 03-02…03-06 the last five.
    expect(add('2026-02-09', 15).date).toBe('2026-03-06');
    expect(calendar.countWorkingDays({ from: '2026-02-10', to: '2026-03-06' }).count).toBe(15);
  });

  it('when a 调休 Saturday or Sunday is asked about, it is a working day; an ordinary Saturday and a holiday weekday are not', () => {
    expect(['2026-02-14', '2026-02-28', '2026-10-10', '2025-01-26', '2025-10-11'].every((d) => calendar.isWorkingDay(d))).toBe(true);
    expect(['2026-02-07', '2026-02-16', '2026-10-05', '2025-10-08'].some((d) => calendar.isWorkingDay(d))).toBe(false);
  });

  it('when a deadline runs into a year with no arrangement loaded, it names that year instead of passing it off as certain', () => {
    expect(add('2026-12-25', 10)).toEqual({ date: '2027-01-08', missingYears: [2027] });
    expect(calendar.countWorkingDays({ from: '2026-12-01', to: '2027-01-31' }).missingYears).toEqual([2027]);
    expect(calendar.hasYear(2027)).toBe(false);
  });

  it('when the count is not a whole number from 1 on, it refuses', () => {
    expect(() => add('2026-01-05', 0)).toThrow(RangeError);
    expect(() => add('2026-01-05', 1.5)).toThrow(RangeError);
  });

  it('when a light window of 3 working days starts on the Friday before the Spring Festival, it reaches 2026-02-25: 12 calendar days', () => {
    expect(workingWindowInCalendarDays({ calendar, today: '2026-02-13', days: 3 })).toBe(12);
    expect(workingWindowInCalendarDays({ calendar, today: '2026-02-13', days: 0 })).toBe(0);
  });
});
