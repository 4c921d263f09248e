import { nextDay, type WorkingCalendar } from '@rectify/shared';
import { dateInZone } from '../../lib/clock.js';

/**
 * The window an organization has to sign for a new item (签收): `days` working days after the day it was issued to
 * it. Working days come from the committee's calendar where one is loaded; without one, weekends are the days off.
 */
export interface AcknowledgeWindow {
  today: string;
  days: number;
  calendar: WorkingCalendar;
  timeZone: string;
}

// Every list row waiting for 签收 asks for its last day, which walks the calendar day by day from the item's day of
// issue: the answers are kept beside the calendar they came from (reloaded every few seconds, see calendar.store.ts),
// by the minute of issue, as a date in any zone in use today cannot change within a minute.
const dueMemo = new WeakMap<WorkingCalendar, Map<string, string>>();

/** The last day to sign for an item issued at `issuedAt`. */
export function acknowledgeDueOf(window: AcknowledgeWindow, issuedAt: Date): string {
  let memo = dueMemo.get(window.calendar);
  if (!memo) dueMemo.set(window.calendar, (memo = new Map()));
  const key = `${window.days} ${window.timeZone} ${Math.floor(issuedAt.getTime() / 60000)}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const issuedOn = dateInZone(issuedAt, window.timeZone);
  const due = window.days < 1 ? issuedOn : window.calendar.addWorkingDays({ from: issuedOn, days: window.days }).date;
  memo.set(key, due);
  return due;
}

/** 逾期未签收: still waiting for 签收 after its last day. */
export function acknowledgeOverdue(window: AcknowledgeWindow, item: { status: string; issuedAt: Date }): boolean {
  return item.status === 'issued' && acknowledgeDueOf(window, item.issuedAt) < window.today;
}

/**
 * The first day an item may have been issued on and still be within its window today: every item waiting since an
 * earlier day is overdue. Walks back from today, a few weeks at most for any window a rule sets.
 */
export function firstDayWithinWindow(window: AcknowledgeWindow): string {
  let day = window.today;
  for (;;) {
    const earlier = nextDay(day, -1);
    const due = window.days < 1 ? earlier : window.calendar.addWorkingDays({ from: earlier, days: window.days }).date;
    if (due < window.today) return day;
    day = earlier;
  }
}
