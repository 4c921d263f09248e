import { describe, expect, it } from 'vitest';
import { i18n } from '@/i18n';
import { monthlyReport } from './report-fixture.test-helpers';
import { dayText, headlineFigures, summaryText } from './report-text';

const t = (key: string, params?: Record<string, unknown>) => (params ? i18n.global.t(key, params) : i18n.global.t(key));

describe('the report in words', () => {
  it('writes the overview as the committee reports it, with the changes against last month', () => {
    expect(summaryText(monthlyReport(), t)).toBe(
      '截至2026年5月31日，江川市直属机关工作委员会范围内共有整改事项40项。' +
        '本月新增12项（较上月增加3项），销号7项，其中按期销号5项、逾期销号2项；' +
        '累计销号21项，仍在整改19项，其中逾期未完成6项（较上月减少2项）。' +
        '整改完成率为52.5%，较上月提高2.5个百分点。本月共发出督办单3份。',
    );
  });

  it('says so while the month runs, and when there are no items there is no rate', () => {
    const report = monthlyReport({ complete: false });
    report.figures = { ...report.figures, completionRate: null };
    report.change = { ...report.change, newItems: 0, completionRate: null };
    const text = summaryText(report, t);
    expect(text.startsWith('本月截至目前，')).toBe(true);
    expect(text).toContain('本月新增12项（与上月持平）');
    expect(text).toContain('本月末尚无事项，暂不计算整改完成率。');
  });

  it('writes a day the Chinese way', () => {
    expect(dayText('2026-05-01', t)).toBe('2026年5月1日');
  });

  it('lists the headline figures with their changes, a rise in overdue items being bad news', () => {
    const figures = headlineFigures(monthlyReport());
    expect(figures.map((f) => f.id)).toEqual(['rate', 'newItems', 'closed', 'overdue', 'open', 'closedTotal', 'totalItems', 'notices']);
    expect(figures.find((f) => f.id === 'overdue')).toEqual({ id: 'overdue', value: 6, delta: -2, rise: 'bad' });
    expect(figures.find((f) => f.id === 'closedTotal')).toEqual({ id: 'closedTotal', value: 21, delta: 7, rise: 'good' });
  });
});
