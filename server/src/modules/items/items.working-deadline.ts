import { nextDay, type DeadlineBasis, type WorkingCalendar } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { dateInZone } from '../../lib/clock.js';
import { resolveWorkingDeadline } from '../calendar/calendar.store.js';
import type { items } from './items.table.js';

type Row = Pick<typeof items.$inferSelect, 'deadlineWorkingDays' | 'deadlineBasis' | 'deadlineFrom' | 'deadlineProvisional' | 'issuedAt' | 'createdAt'>;

export interface WorkingFields {
  deadlineWorkingDays: number | null;
  deadlineBasis: DeadlineBasis | null;
  deadlineFrom: string | null;
  deadlineProvisional: boolean;
}

const cleared: WorkingFields = { deadlineWorkingDays: null, deadlineBasis: null, deadlineFrom: null, deadlineProvisional: false };

/** A new item's 工作日时限: the working days asked, counted from `from`, the day of issue. */
export interface AskedWorkingDays {
  days: number;
  from: string;
  provisional: boolean;
  basis: DeadlineBasis;
}

/**
 * A new item's deadline as asked: N working days counted from `day`, the day of issue (the client's date was only its
 * preview), or the date given. Counted from 签收, it is counted from the day of issue too until the organization signs
 * for the item, and again then (`acknowledgedDeadline`). Read before any transaction: PGlite has one connection.
 */
export async function askedDeadline({ db, day, deadline, days, basis }: { db: DbOrTx; day: string; deadline: string; days?: number | null; basis?: DeadlineBasis }) {
  if (!days) return { deadline, working: null };
  const resolved = await resolveWorkingDeadline({ db, from: day, days });
  const working: AskedWorkingDays = { days, from: day, provisional: resolved.provisional, basis: basis ?? 'issue' };
  return { deadline: resolved.deadline, working };
}

/**
 * What an edit does to an item's 工作日时限. N working days count from the day of issue (as on the create dialog, where
 * that day is today) and give the deadline; a date given by hand replaces the working days the item had. Null when the
 * edit leaves them as they are. A deadline is the committee's to edit only before 签收, so one counted from 签收 is
 * still counted from the day of issue here, to be counted again when the item is signed for (`acknowledgedDeadline`).
 * `basis` given alone counts the item's own working days again from it.
 */
export function workingDeadlineEdit({
  current,
  workingDays,
  basis,
  deadlineChanged,
  calendar,
  timeZone,
}: {
  current: Row;
  workingDays: number | null | undefined;
  basis?: DeadlineBasis;
  deadlineChanged: boolean;
  calendar: WorkingCalendar | null;
  timeZone: string;
}): { fields: WorkingFields; deadline: string | null } | null {
  const days = workingDays === undefined && basis !== undefined ? current.deadlineWorkingDays : workingDays;
  if (typeof days === 'number' && calendar) {
    // The day the item's working days were counted from stays the day of issue; an item given a date until now counts
    // from the day it was issued to its organization.
    const from = current.deadlineFrom ?? dateInZone(current.issuedAt ?? current.createdAt, timeZone);
    const { date, missingYears } = calendar.addWorkingDays({ from, days });
    const fields: WorkingFields = {
      deadlineWorkingDays: days,
      deadlineBasis: basis ?? (current.deadlineBasis as DeadlineBasis | null) ?? 'issue',
      deadlineFrom: from,
      deadlineProvisional: missingYears.length > 0,
    };
    return { fields, deadline: date };
  }
  if (current.deadlineWorkingDays === null) return null;
  if (workingDays === null || deadlineChanged) return { fields: cleared, deadline: null };
  return null;
}

/**
 * The deadline of an item counted from 签收, counted again on the day `day` it is signed for: its new columns, and the
 * history's record of the move (null when the date stays). Null for any other item, and for one whose deadline was
 * extended (it keeps the date it was given, as a saved calendar leaves it).
 */
export function acknowledgedDeadline(
  current: Pick<typeof items.$inferSelect, 'deadline' | 'deadlineWorkingDays' | 'deadlineBasis' | 'extensionCount'>,
  { day, calendar }: { day: string; calendar: WorkingCalendar },
): { values: Pick<WorkingFields, 'deadlineFrom' | 'deadlineProvisional'> & { deadline: string; originalDeadline: string }; changes: { deadline: { before: string; after: string } } | null } | null {
  if (current.deadlineBasis !== 'acknowledge' || current.deadlineWorkingDays === null || current.extensionCount > 0) return null;
  const { date, missingYears } = calendar.addWorkingDays({ from: day, days: current.deadlineWorkingDays });
  return {
    values: { deadline: date, originalDeadline: date, deadlineFrom: day, deadlineProvisional: missingYears.length > 0 },
    changes: date === current.deadline ? null : { deadline: { before: current.deadline, after: date } },
  };
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
