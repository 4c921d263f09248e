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
