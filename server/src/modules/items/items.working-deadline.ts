import { nextDay, type WorkingCalendar } from '@rectify/shared';
import { dateInZone } from '../../lib/clock.js';
import type { items } from './items.table.js';

type Row = Pick<typeof items.$inferSelect, 'deadlineWorkingDays' | 'deadlineFrom' | 'deadlineProvisional' | 'issuedAt' | 'createdAt'>;

export interface WorkingFields {
  deadlineWorkingDays: number | null;
  deadlineBasis: 'issue' | null;
  deadlineFrom: string | null;
  deadlineProvisional: boolean;
}

const cleared: WorkingFields = { deadlineWorkingDays: null, deadlineBasis: null, deadlineFrom: null, deadlineProvisional: false };

/**
 * What an edit does to an item's 工作日时限. N working days count from the day of issue (as on the create dialog, where
 * that day is today) and give the deadline; a date given by hand replaces the working days the item had. Null when the
 * edit leaves them as they are.
 */
export function workingDeadlineEdit({
  current,
  workingDays,
  deadlineChanged,
  calendar,
  timeZone,
}: {
  current: Row;
  workingDays: number | null | undefined;
  deadlineChanged: boolean;
  calendar: WorkingCalendar | null;
  timeZone: string;
}): { fields: WorkingFields; deadline: string | null } | null {
  if (typeof workingDays === 'number' && calendar) {
    // The day the item's working days were counted from stays the day of issue; an item given a date until now counts
    // from the day it was issued to its organization.
    const from = current.deadlineFrom ?? dateInZone(current.issuedAt ?? current.createdAt, timeZone);
    const { date, missingYears } = calendar.addWorkingDays({ from, days: workingDays });
    const fields: WorkingFields = { deadlineWorkingDays: workingDays, deadlineBasis: 'issue', deadlineFrom: from, deadlineProvisional: missingYears.length > 0 };
    return { fields, deadline: date };
  }
  if (current.deadlineWorkingDays === null) return null;
  if (workingDays === null || deadlineChanged) return { fields: cleared, deadline: null };
  return null;
}

/**
 * Whether a working-day deadline is 待定 now: it was resolved while a year on its way had no calendar, and one of those
 * years still has none. A saved year rewrites only the deadlines it moves; the others keep the flag they were stored
 * with and read as settled once every year on their way is loaded (clearing the flag row by row was most of a saved
 * year's time at 1,000,000 items, see docs/performance.md). Years are added or replaced, never removed, so a deadline
 * stored as settled stays settled.
 */
export function provisionalNow(
  calendar: Pick<WorkingCalendar, 'hasYear'>,
  item: { deadline: string; deadlineFrom: string | null; deadlineWorkingDays: number | null; deadlineProvisional: boolean },
): boolean {
  if (!item.deadlineProvisional || item.deadlineWorkingDays === null || item.deadlineFrom === null) return false;
  const last = Number(item.deadline.slice(0, 4));
  for (let year = Number(nextDay(item.deadlineFrom).slice(0, 4)); year <= last; year++) if (!calendar.hasYear(year)) return true;
  return false;
}
