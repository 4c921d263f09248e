import { describe, expect, it } from 'vitest';
import { noticeDays, readHolidayNotice } from './calendar.notice.js';
import { notice2025, notice2026 } from './calendar.notices.fixtures.js';

const read = (text: string, year?: number) => readHolidayNotice({ text, year });

describe('reading the State Council holiday notice', () => {
  it('when the 2026 notice is pasted, it reads its seven holidays with their make-up days', () => {
    const reading = read(notice2026);
    expect(reading).toEqual({
      ok: true,
      year: 2026,
      holidays: [
        { name: '元旦', offFrom: '2026-01-01', offTo: '2026-01-03', workDays: ['2026-01-04'] },
        { name: '春节', offFrom: '2026-02-15', offTo: '2026-02-23', workDays: ['2026-02-14', '2026-02-28'] },
        { name: '清明节', offFrom: '2026-04-04', offTo: '2026-04-06', workDays: [] },
        { name: '劳动节', offFrom: '2026-05-01', offTo: '2026-05-05', workDays: ['2026-05-09'] },
        { name: '端午节', offFrom: '2026-06-19', offTo: '2026-06-21', workDays: [] },
        { name: '中秋节', offFrom: '2026-09-25', offTo: '2026-09-27', workDays: [] },
        { name: '国庆节', offFrom: '2026-10-01', offTo: '2026-10-07', workDays: ['2026-09-20', '2026-10-10'] },
      ],
    });
  });

  it('when the 2025 notice is pasted, it reads a one-day 元旦, a Spring Festival across two months and the joint 国庆节、中秋节', () => {
    const reading = read(notice2025);
    if (!reading.ok) throw new Error(reading.problems.join('; '));
    expect(reading.year).toBe(2025);
    expect(reading.holidays.map((h) => [h.name, h.offFrom, h.offTo, h.workDays.join(',')])).toEqual([
      ['元旦', '2025-01-01', '2025-01-01', ''],
      ['春节', '2025-01-28', '2025-02-04', '2025-01-26,2025-02-08'],
      ['清明节', '2025-04-04', '2025-04-06', ''],
      ['劳动节', '2025-05-01', '2025-05-05', '2025-04-27'],
      ['端午节', '2025-05-31', '2025-06-02', ''],
      ['国庆节、中秋节', '2025-10-01', '2025-10-08', '2025-09-28,2025-10-11'],
    ]);
  });

  it('when the holidays are turned into days, it lists every day off and each make-up day once, in date order', () => {
    const reading = read(notice2026);
    if (!reading.ok) throw new Error('unread');
    const days = noticeDays(reading.holidays);
    expect(days.filter((d) => d.kind === 'off')).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(days.filter((d) => d.kind === 'work').map((d) => d.date)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(days[0]).toEqual({ date: '2026-01-01', kind: 'off', name: '元旦' });
  });

  it('when the paragraphs are run together on one line with full-width digits, it still reads them', () => {
    const squeezed = '2026年部分节假日安排：一、元旦：１月１日（周四）至３日（周六）放假调休，共３天。１月４日（周日）上班。二、清明节：4月4日（周六）至6日（周一）放假，共3天。';
    const reading = read(squeezed);
    expect(reading.ok && reading.holidays.map((h) => h.name)).toEqual(['元旦', '清明节']);
  });

  it('when a weekday in brackets does not match the date, it names the paragraph and both weekdays', () => {
    const reading = read(notice2026.replace('5月9日（周六）', '5月9日（周日）'));
    expect(reading).toEqual({ ok: false, problems: ['第四条（劳动节）：5月9日是周六，通知中写的是周日'] });
  });

  it('when 共N天 disagrees with the range, it refuses the paragraph', () => {
    const reading = read(notice2026.replace('共9天', '共8天'));
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.problems[0]).toContain('第二条（春节）');
  });

  it('when the text is not a notice, it says what it looked for', () => {
    expect(read('明天开会，请准时参加。')).toEqual({ ok: false, problems: [expect.stringContaining('没有找到年份')] });
    expect(read('明天开会，请准时参加。', 2027)).toEqual({ ok: false, problems: [expect.stringContaining('没有读到任何节日')] });
  });

  it('when the notice is for another year than the one chosen, it refuses', () => {
    expect(read(notice2026, 2027)).toEqual({ ok: false, problems: ['通知写的是 2026 年，所选年份是 2027 年'] });
  });

  it('when a date does not exist, it says so', () => {
    const reading = read(notice2026.replace('2月28日（周六）', '2月30日（周六）'));
    expect(!reading.ok && reading.problems).toEqual(['第二条（春节）：2月30日不是有效日期']);
  });
});
