import { sql } from 'drizzle-orm';
import type { Settings } from '@rectify/shared';
import { loadWorkingCalendar } from '../calendar/calendar.store.js';
import { windowsOn } from './settings.windows.js';
import type { Db } from '../../db/client.js';
import { settings } from './settings.table.js';

export const defaultSettings: Settings = { yellowDays: 7, extensionCap: 2, reminderDays: 3, auditRetentionMonths: 36, acknowledgeDays: 3, workingDayWindows: false };

// Read on hot paths (every list computes lights), so kept briefly in memory; other instances see a change within this time.
const CACHE_MS = 5000;

export function createSettingsStore({ db }: { db: Db }) {
  let cached: { value: Settings; at: number } | undefined;

  async function load(): Promise<Settings> {
    const rows = await db.select().from(settings);
    const stored = Object.fromEntries(rows.map((r) => [r.key, r.value])) as Partial<Settings>;
    return { ...defaultSettings, ...stored };
  }

  return {
    async get(): Promise<Settings> {
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
      cached = { value: await load(), at: Date.now() };
      return cached.value;
    },

    /** The yellow window and the reminders' lead time on `today`, in calendar days (see `windowsOn`). */
    async windows(today: string) {
      const settings = await this.get();
      return windowsOn({ settings, calendar: await loadWorkingCalendar(db), today });
    },

    /** The working-day calendar, for jobs that decide on a day whether it is one. */
    calendar: () => loadWorkingCalendar(db),

    async update(changes: Partial<Settings>): Promise<Settings> {
      const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
      if (entries.length > 0) {
        await db
          .insert(settings)
          .values(entries.map(([key, value]) => ({ key, value })))
          .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedAt: sql`now()` } });
      }
      cached = undefined;
      return this.get();
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
