import { asc, eq, sql } from 'drizzle-orm';
import type { CalendarDay, CalendarDayKind } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { users } from '../users/users.table.js';
import { calendarDays, calendarYears } from './calendar.table.js';

export function createCalendarRepository({ db }: { db: DbOrTx }) {
  return {
    async listYears() {
      const rows = await db
        .select({
          year: calendarYears.year,
          source: calendarYears.source,
          updatedAt: calendarYears.updatedAt,
          updatedByName: users.displayName,
          offCount: sql<number>`(SELECT count(*)::int FROM ${calendarDays} d WHERE d.year = ${calendarYears.year} AND d.kind = 'off')`,
          workCount: sql<number>`(SELECT count(*)::int FROM ${calendarDays} d WHERE d.year = ${calendarYears.year} AND d.kind = 'work')`,
        })
        .from(calendarYears)
        .leftJoin(users, eq(users.id, calendarYears.updatedBy))
        .orderBy(asc(calendarYears.year));
      return { years: rows };
    },

    async findYear(year: number) {
      const [row] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
      const days = await db
        .select({ date: calendarDays.day, kind: calendarDays.kind, name: calendarDays.name })
        .from(calendarDays)
        .where(eq(calendarDays.year, year))
        .orderBy(asc(calendarDays.day));
      return { year: row ?? null, days: days.map((d) => ({ ...d, kind: d.kind as CalendarDayKind })) };
    },

    /** Every loaded year with its days: a few dozen rows a year, read whole into the working-day calendar. */
    async allDays() {
      const years = await db.select({ year: calendarYears.year }).from(calendarYears);
      const days = await db.select({ date: calendarDays.day, year: calendarDays.year, kind: calendarDays.kind }).from(calendarDays);
      return { years: years.map((y) => y.year), days };
    },

    /** Replaces the year's days with `days`; call inside a transaction. */
    async replaceYear({ year, source, days, by }: { year: number; source: string; days: readonly CalendarDay[]; by: number }) {
      await db
        .insert(calendarYears)
        .values({ year, source, updatedBy: by })
        .onConflictDoUpdate({ target: calendarYears.year, set: { source, updatedBy: by, updatedAt: sql`now()` } });
      await db.delete(calendarDays).where(eq(calendarDays.year, year));
      if (days.length) await db.insert(calendarDays).values(days.map((d) => ({ day: d.date, year, kind: d.kind, name: d.name })));
    },
  };
}
