import type { SettingsStore } from '../settings/settings.service.js';
import { storeMonthlySnapshots } from '../reports/reports.service.js';
import { shiftMonth } from '../reports/reports.period.js';
import { runDeadlineReminders, runOverdueAlerts } from './jobs.alerts.js';
import { localTime, type Job } from './jobs.scheduler.js';

/** Daily jobs fall due at this hour of the committee's day, so a restart at night sends nothing until morning. */
export const DAILY_HOUR = 8;

const daily = (local: { date: string; hour: number }) => (local.hour >= DAILY_HOUR ? local.date : null);

export function createJobs({ settings, timeZone }: { settings: SettingsStore; timeZone: string }) {
  const reminders: Job<{ reminderDays: number }> = {
    name: 'deadline_reminders',
    periodAt: daily,
    prepare: async () => ({ reminderDays: (await settings.get()).reminderDays }),
    run: (tx, { period, now, prepared }) => runDeadlineReminders(tx, { today: period, reminderDays: prepared.reminderDays, at: now }),
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
    run: (tx, { period, now }) => storeMonthlySnapshots(tx, { month: period, timeZone, today: localTime(now, timeZone).date, now }),
  };
  return [reminders, overdue, snapshot] as Job<never>[];
}
