import { describe, expect, it } from 'vitest';
import { ringOption, stackHeight, stackOption, trendOption, withoutCommonPrefix, type ChartOption } from './options';

type AxisLabel = { interval: (index: number) => boolean; formatter: (value: string, index: number) => string };
/** The labels the x axis shows: those its interval keeps, as its formatter writes them ('' for the others). */
function axisLabels(option: ChartOption): string[] {
  const axis = option.xAxis as { data: string[]; axisLabel: AxisLabel };
  return axis.data.map((value, i) => (axis.axisLabel.interval(i) ? axis.axisLabel.formatter(value, i) : ''));
}

const monthLabel = (month: string, withYear: boolean) => (withYear ? `${month.slice(0, 4)}年${Number(month.slice(5))}月` : `${Number(month.slice(5))}月`);

describe('chart options', () => {
  it('draws the trend as issued bars and a closed line, naming the year at the start and at January', () => {
    const option = trendOption({
      points: [
        { month: '2025-11', issued: 3, closed: 1 },
        { month: '2025-12', issued: 0, closed: 2 },
        { month: '2026-01', issued: 5, closed: 0 },
      ],
      names: { issued: '下发', closed: '销号' },
      monthLabel,
    });
    expect(option.xAxis).toMatchObject({ data: ['2025-11', '2025-12', '2026-01'] });
    expect(axisLabels(option)).toEqual(['2025年11月', '12月', '2026年1月']);
    expect(option.series).toMatchObject([
      { id: 'issued', type: 'bar', name: '下发', data: [3, 0, 5] },
      { id: 'closed', type: 'line', name: '销号', data: [1, 2, 0] },
    ]);
  });

  it('on a phone labels every other month, always January, the first labelled month with its year', () => {
    const months = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
    const option = trendOption({ points: months.map((month) => ({ month, issued: 1, closed: 0 })), names: { issued: '下发', closed: '销号' }, monthLabel, compact: true });
    expect(axisLabels(option)).toEqual(['', '2025年11月', '', '2026年1月', '', '3月']);
  });

  it('stacks closed, on track and overdue per row, first row on top, with ids the click handler reads', () => {
    const option = stackOption({ rows: [{ name: '理论学习', closed: 2, onTrack: 3, overdue: 1 }], names: { closed: '已销号', onTrack: '整改中', overdue: '逾期' } });
    expect(option.yAxis).toMatchObject({ type: 'category', inverse: true, data: ['理论学习'] });
    expect(option.series).toMatchObject([
      { id: 'closed', stack: 'items', data: [2] },
      { id: 'onTrack', stack: 'items', data: [3] },
      { id: 'overdue', stack: 'items', data: [1] },
    ]);
    expect(stackHeight(10)).toBeGreaterThan(stackHeight(2));
  });

  it('labels a ring on a wide screen and moves the names into a legend on a phone', () => {
    const slices = [{ name: '上级点评', value: 5 }];
    expect(ringOption({ slices }).legend).toBeUndefined();
    expect(ringOption({ slices, compact: true })).toMatchObject({ legend: { bottom: 0 }, series: [{ label: { show: false }, data: slices }] });
  });

  it('shortens names that all begin alike, never to less than two characters', () => {
    expect(withoutCommonPrefix(['江川市公安局党委', '江川市财政局机关党委'])).toEqual(['公安局党委', '财政局机关党委']);
    expect(withoutCommonPrefix(['江川市', '江川市公安局'])).toEqual(['川市', '川市公安局']);
    expect(withoutCommonPrefix(['公安局', '财政局'])).toEqual(['公安局', '财政局']);
    expect(withoutCommonPrefix(['公安局'])).toEqual(['公安局']);
  });
});
