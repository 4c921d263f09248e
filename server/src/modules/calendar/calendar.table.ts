import { date, index, integer, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table.js';

/**
 * A year whose holiday arrangement is loaded. Only a year listed here counts as known: a working-day deadline that
 * runs into any other year is flagged, not computed as if that year had no holidays.
 */
export const calendarYears = pgTable('calendar_years', {
  year: smallint('year').primaryKey(),
  /** Where the days came from: `seed` (shipped with the installation), `notice` (a pasted notice) or `manual`. */
  source: text('source').notNull(),
  updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The days that break the weekly rhythm: `off` (a holiday, even on a weekday) and `work` (a make-up working day, 调休,
 * even on a weekend). Every other Saturday and Sunday is a day off and every other weekday a working day.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    day: date('day').primaryKey(),
    year: smallint('year')
      .notNull()
      .references(() => calendarYears.year, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** The holiday the day belongs to (春节, 国庆节、中秋节 …), shown in the month view. */
    name: text('name').notNull(),
  },
  (t) => [index('calendar_days_year_idx').on(t.year)],
);
