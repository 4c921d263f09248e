import { workingWindowInCalendarDays, type Settings, type WorkingCalendar } from '@rectify/shared';

/**
 * The yellow light's window and the reminders' lead time as calendar days from `today`. With `workingDayWindows` on,
 * the settings count working days, so "3 days" on the Friday before the Spring Festival reaches past the whole
 * holiday; as calendar days, every list keeps comparing deadlines with one date and the deadline indexes serve it.
 */
export function windowsOn({ settings, calendar, today }: { settings: Settings; calendar: WorkingCalendar; today: string }) {
  if (!settings.workingDayWindows) return { yellowDays: settings.yellowDays, reminderDays: settings.reminderDays };
  return {
    yellowDays: workingWindowInCalendarDays({ calendar, today, days: settings.yellowDays }),
    reminderDays: workingWindowInCalendarDays({ calendar, today, days: settings.reminderDays }),
  };
}
