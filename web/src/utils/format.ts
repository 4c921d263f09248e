/** Times are shown in the committee's zone whatever the browser's, as the server counts deadlines there. */
const TIME_ZONE = 'Asia/Shanghai';

export function formatDateTime(iso: string, locale = 'zh-CN'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

export function formatLongDate(date: Date, locale = 'zh-CN'): string {
  return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(date);
}

/** Today's calendar day in the committee's zone, as the server's deadlines count it: 'YYYY-MM-DD'. */
export function todayInZone(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A date picker's Date (midnight, local calendar) as 'YYYY-MM-DD', without the UTC shift of toISOString. */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The calendar day (committee zone) of an ISO timestamp, as 'YYYY-MM-DD'. */
export function dayInZone(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso.slice(0, 10) : todayInZone(date);
}
