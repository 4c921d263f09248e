import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { foldRollups } from '../dashboard/dashboard.rollups.js';
import type { SettingsStore } from '../settings/settings.service.js';
import { storeMonthlySnapshots } from '../reports/reports.service.js';
import { shiftMonth } from '../reports/reports.period.js';
import { runDeadlineReminders, runOverdueAlerts } from './jobs.alerts.js';
import { runSelfCheckReminders } from '../self-checks/self-checks.reminders.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { runScheduledDraws } from '../rechecks/rechecks.service.js';
import { localTime, type Job } from './jobs.scheduler.js';
import type { Settings, WorkingCalendar } from '@rectify/shared';
import { windowsOn } from '../settings/settings.windows.js';

/** Daily jobs fall due at this hour of the committee's day, so a restart at night sends nothing until morning. */
export const DAILY_HOUR = 8;

const daily = (local: { date: string; hour: number }) => (local.hour >= DAILY_HOUR ? local.date : null);

/** `pool`: the server's connections, for the monthly job's readers (absent on PGlite). */
export function createJobs({ settings, timeZone, pool }: { settings: SettingsStore; timeZone: string; pool?: pg.Pool }) {
  const withCalendar = async () => ({ settings: await settings.get(), calendar: await settings.calendar() });
  // A reminder never goes out on a day off: that day's run sends nothing, and the next working day's run covers it.
  const reminders: Job<{ settings: Settings; calendar: WorkingCalendar }> = {
    name: 'deadline_reminders',
    periodAt: daily,
    prepare: withCalendar,
    run: async (tx, { period, now, prepared }) => {
      if (!prepared.calendar.isWorkingDay(period)) return { skipped: 'day_off' };
      const { reminderDays } = windowsOn({ ...prepared, today: period });
      // 举一反三 non-answers near their deadline are reminded in the same run (their rows remember it).
      await runSelfCheckReminders(tx, { today: period, reminderDays, at: now });
      return runDeadlineReminders(tx, { today: period, reminderDays, at: now });
    },
  };
  const overdue: Job = {
    name: 'overdue_alerts',
    periodAt: daily,
    run: (tx, { period, now }) => runOverdueAlerts(tx, { today: period, at: now }),
  };
  // The month that ended: its figures are final once the next month has begun.
  const snapshot: Job = {
    name: 'monthly_report_snapshot',
    periodAt: (local) => shiftMonth(local.date.slice(0, 7), -1),
    run: (tx, { period, now }) => storeMonthlySnapshots(tx, { month: period, timeZone, today: localTime(now, timeZone).date, now, pool }),
  };
  // Every tick (ten minutes): the dashboard's prepared counts take in the changes since the last fold and move to
  // the new day. Readers add the pending changes to the counts, so the fewer are pending, the cheaper every read.
  const rollups: Job<{ settings: Settings; calendar: WorkingCalendar }> = {
    name: 'dashboard_rollups',
    periodAt: (local) => `${local.date}T${String(local.hour).padStart(2, '0')}:${String(local.minute - (local.minute % 10)).padStart(2, '0')}`,
    prepare: withCalendar,
    run: async (tx, { period, prepared }) => {
      const { yellowDays } = windowsOn({ ...prepared, today: period.slice(0, 10) });
      await tx.execute(sql`SELECT item_rollups_advance(${period.slice(0, 10)}::date, ${yellowDays}::int)`);
      return foldRollups(tx);
    },
  };
  // The audit log keeps `auditRetentionMonths` of records; the older ones go once a day.
  const auditPrune: Job<{ months: number }> = {
    name: 'audit_prune',
    periodAt: daily,
    prepare: async () => ({ months: (await settings.get()).auditRetentionMonths }),
    run: async (tx, { now, prepared }) => ({ removed: await createAuditRepository({ db: tx }).prune(prepared.months, now), months: prepared.months }),
  };
  // 回头看: once a month, each committee that switched it on draws its sample of items closed long enough ago.
  const recheckDraw: Job = {
    name: 'recheck_draw',
    periodAt: (local) => (local.hour >= DAILY_HOUR ? local.date.slice(0, 7) : null),
    run: (tx, { period, now }) => runScheduledDraws(tx, { period, today: localTime(now, timeZone).date, now }),
  };
  return [reminders, overdue, snapshot, rollups, auditPrune, recheckDraw] as Job<never>[];
}
