import { dayOfWeek, nextDay } from '@rectify/shared';

/**
 * Reads the State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知) into dates. Each holiday is one
 * numbered paragraph of a fixed shape:
 *
 *   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 *   一、元旦：1月1日（周三）放假1天，不调休。
 *
 * Every weekday in brackets and every "共N天" is checked against the dates read, so a typo in the pasted text (or a
 * notice of another shape) is refused with the paragraph named rather than saved as wrong dates.
 */
export interface NoticeHoliday {
  name: string;
  offFrom: string;
  offTo: string;
  workDays: string[];
}

export type NoticeReading = { ok: true; year: number; holidays: NoticeHoliday[] } | { ok: false; problems: string[] };

const weekdays = ['日', '一', '二', '三', '四', '五', '六'];
const numerals = '一二三四五六七八九十';

/** `M月D日（…周X）`, or `D日（…）` inside a range where the month carries over. */
const DATE = /(?:(\d{1,2})月)?(\d{1,2})日(?:[（(]([^）)]*)[）)])?/g;

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(year: number, month: number, day: number): string | null {
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** Full-width digits and spaces as the notice is sometimes typeset; everything else stays as pasted. */
function normalize(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[ \t\u3000]+/g, '');
}

interface ReadDate {
  date: string;
  weekday?: string;
}

/** The dates of one clause in order; a date without a month takes the month before it. */
function readDates(clause: string, year: number, problems: string[], where: string): ReadDate[] {
  const out: ReadDate[] = [];
  let month: number | undefined;
  for (const m of clause.matchAll(DATE)) {
    month = m[1] ? Number(m[1]) : month;
    if (month === undefined) {
      problems.push(`${where}：“${m[0]}”没有月份`);
      continue;
    }
    const date = toDate(year, month, Number(m[2]));
    if (!date) {
      problems.push(`${where}：${month}月${m[2]}日不是有效日期`);
      continue;
    }
    const weekday = m[3]?.match(/(?:周|星期)([日天一二三四五六])/)?.[1];
    if (weekday && weekdays[dayOfWeek(date)] !== (weekday === '天' ? '日' : weekday)) {
      problems.push(`${where}：${Number(date.slice(5, 7))}月${Number(date.slice(8))}日是周${weekdays[dayOfWeek(date)]}，通知中写的是周${weekday}`);
    }
    out.push({ date, weekday });
  }
  return out;
}

function readParagraph(paragraph: string, year: number, problems: string[]): NoticeHoliday | null {
  const head = paragraph.match(/^([一二三四五六七八九十]+)、([^：:]+)[：:](.*)$/);
  if (!head) return null;
  const [, numeral, name, body] = head;
  const where = `第${numeral}条（${name}）`;
  const [offPart, ...rest] = body.split(/放假/);
  if (rest.length === 0) {
    problems.push(`${where}：没有找到“放假”`);
    return null;
  }
  const offDates = readDates(offPart, year, problems, where);
  if (offDates.length < 1 || offDates.length > 2) {
    problems.push(`${where}：放假日期应为“某月某日”或“某月某日至某日”`);
    return null;
  }
  const offFrom = offDates[0].date;
  const offTo = offDates[offDates.length - 1].date;
  if (offTo < offFrom) {
    problems.push(`${where}：放假结束日期早于开始日期`);
    return null;
  }
  const after = rest.join('放假');
  const total = after.match(/(?:共|放假)?(\d+)天/);
  let length = 0;
  for (let d = offFrom; d <= offTo; d = nextDay(d)) length++;
  if (total && Number(total[1]) !== length) problems.push(`${where}：${offFrom} 至 ${offTo} 共 ${length} 天，通知中写的是共 ${total[1]} 天`);

  const workDays: string[] = [];
  for (const sentence of after.split('。')) {
    if (!sentence.includes('上班')) continue;
    workDays.push(...readDates(sentence, year, problems, where).map((d) => d.date));
  }
  return { name, offFrom, offTo, workDays };
}

export function readHolidayNotice({ text, year: expectedYear }: { text: string; year?: number }): NoticeReading {
  const clean = normalize(text);
  const titleYear = clean.match(/(\d{4})年(?:元旦|部分节假日|.{0,40}放假)/)?.[1];
  const year = expectedYear ?? (titleYear ? Number(titleYear) : undefined);
  if (!year) return { ok: false, problems: ['没有找到年份：请粘贴包含“××××年……放假调休日期的具体安排”的通知全文，或先选择年份'] };
  if (expectedYear && titleYear && Number(titleYear) !== expectedYear) {
    return { ok: false, problems: [`通知写的是 ${titleYear} 年，所选年份是 ${expectedYear} 年`] };
  }

  // A paragraph starts at "一、" … "十、"; the notice's closing lines after the last holiday are ignored.
  const paragraphs = clean
    .split(new RegExp(`(?=(?:^|\\n|。|：)[${numerals}]+、)`))
    .map((p) => p.replace(/^[\n。：]+/, '').split('\n')[0].trim())
    .filter((p) => new RegExp(`^[${numerals}]+、`).test(p));

  const problems: string[] = [];
  const holidays = paragraphs.map((p) => readParagraph(p, year, problems)).filter((h): h is NoticeHoliday => h !== null);
  if (holidays.length === 0 && problems.length === 0) problems.push('没有读到任何节日：通知应有“一、元旦：1月1日（周四）……放假”这样的条目');
  return problems.length ? { ok: false, problems } : { ok: true, year, holidays };
}

/** A year's days off and make-up working days from the holidays read. */
export function noticeDays(holidays: readonly NoticeHoliday[]) {
  const days: { date: string; kind: 'off' | 'work'; name: string }[] = [];
  for (const h of holidays) {
    for (let d = h.offFrom; d <= h.offTo; d = nextDay(d)) days.push({ date: d, kind: 'off', name: h.name });
    for (const d of h.workDays) days.push({ date: d, kind: 'work', name: h.name });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}
