// Types only: the chart library itself is loaded with the chart component (EChart.vue), never by this module.
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** The same colours as the .docx report's charts, so screen, print and document read alike. */
export const chartColors = {
  issued: '#1f5fa8',
  closed: '#2e7d32',
  onTrack: '#5b8fd0',
  overdue: '#c62828',
} as const;
const categorical = ['#1f5fa8', '#2e7d32', '#e0a800', '#7b4fa0', '#00838f', '#d9730d', '#8d6e63', '#5b6470'];

const textColor = '#5b6470';
// The app's own font stack, named: ECharts measures labels with it to lay them out, and 'inherit' would be
// measured as its 10px default and then drawn wider, clipping the longer labels.
const fontFamily = "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', system-ui, sans-serif";
const base = { animationDuration: 400, textStyle: { fontFamily } } as const;
/** Axis labels stay inside the chart (ECharts 6's replacement for `containLabel`). */
const labelsInside = { outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' } as const;
const legend = (compact: boolean): LegendComponentOption => ({ top: 0, left: compact ? 'left' : 'center', itemWidth: 14, itemHeight: 10, textStyle: { color: textColor } });

export interface TrendPoint {
  month: string;
  issued: number;
  closed: number;
}

/**
 * Issued (bars) against closed (line) per month. A phone labels every other month, counted from January so that
 * January is always labelled; the first labelled month and January carry the year.
 */
export function trendOption({ points, names, monthLabel, compact = false }: { points: TrendPoint[]; names: { issued: string; closed: string }; monthLabel: (month: string, withYear: boolean) => string; compact?: boolean }): ChartOption {
  const january = Math.max(0, points.findIndex((p) => p.month.endsWith('-01')));
  const labelled = points.map((_, i) => !compact || (i - january) % 2 === 0);
  const firstLabelled = labelled.indexOf(true);
  const labels = points.map((p, i) => monthLabel(p.month, i === firstLabelled || p.month.endsWith('-01')));
  return {
    ...base,
    color: [chartColors.issued, chartColors.closed],
    legend: legend(compact),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 12, top: 36, bottom: 8, ...labelsInside },
    // The months themselves are the categories (the tooltip names them); the axis shows the short labels.
    xAxis: {
      type: 'category',
      data: points.map((p) => p.month),
      axisTick: { alignWithLabel: true },
      axisLabel: { color: textColor, interval: (index: number) => labelled[index] ?? false, formatter: (_value: string, index: number) => labels[index] ?? '' },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: textColor } },
    series: [
      { id: 'issued', name: names.issued, type: 'bar', data: points.map((p) => p.issued), barMaxWidth: 22 },
      { id: 'closed', name: names.closed, type: 'line', data: points.map((p) => p.closed), smooth: false, symbolSize: 6, lineStyle: { width: 2 } },
    ],
  };
}

export interface StackRow {
  name: string;
  closed: number;
  /** Open and not past the deadline (正常 and 临期). */
  onTrack: number;
  overdue: number;
}

export const stackSeries = ['closed', 'onTrack', 'overdue'] as const;
export type StackSeries = (typeof stackSeries)[number];

/** Pixels a horizontal bar chart needs for its rows (and the legend and axis around them). */
export const stackHeight = (rows: number) => 72 + Math.max(rows, 1) * 30;

/** One horizontal bar per row, stacked closed / on track / overdue; the first row on top. */
export function stackOption({ rows, names, compact = false }: { rows: StackRow[]; names: Record<StackSeries, string>; compact?: boolean }): ChartOption {
  const colors: Record<StackSeries, string> = { closed: chartColors.closed, onTrack: chartColors.onTrack, overdue: chartColors.overdue };
  return {
    ...base,
    legend: legend(compact),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, top: 32, bottom: 4, ...labelsInside },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: textColor } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisTick: { show: false },
      axisLabel: { color: '#1f2328', width: compact ? 96 : 150, overflow: 'truncate' },
    },
    series: stackSeries.map((id) => ({
      id,
      name: names[id],
      type: 'bar' as const,
      stack: 'items',
      barMaxWidth: 18,
      itemStyle: { color: colors[id] },
      data: rows.map((r) => r[id]),
    })),
  };
}

export interface PieSlice {
  name: string;
  value: number;
}

/** A ring of shares; on a phone the names move from the ring's labels to a legend underneath. */
export function ringOption({ slices, compact = false }: { slices: PieSlice[]; compact?: boolean }): ChartOption {
  return {
    ...base,
    color: categorical,
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: compact ? { bottom: 0, left: 'center', itemWidth: 12, itemHeight: 10, textStyle: { color: textColor } } : undefined,
    series: [
      {
        id: 'share',
        type: 'pie',
        radius: compact ? ['34%', '58%'] : ['42%', '66%'],
        center: ['50%', compact ? '42%' : '50%'],
        avoidLabelOverlap: true,
        minShowLabelAngle: 6,
        label: compact ? { show: false } : { formatter: '{b}\n{c}', color: '#1f2328', lineHeight: 16 },
        labelLine: { length: 10, length2: 8 },
        data: slices,
      },
    ],
  };
}

/** Names that all begin alike (江川市…) read better in a narrow axis without the shared beginning. */
export function withoutCommonPrefix(names: string[]): string[] {
  if (names.length < 2) return names;
  let prefix = names[0]!;
  for (const name of names) {
    while (prefix && !name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  // Never strip a whole name, and keep at least two characters of each.
  const cut = Math.min(prefix.length, ...names.map((n) => n.length - 2));
  return cut > 0 ? names.map((n) => n.slice(cut)) : names;
}
