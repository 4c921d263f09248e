import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import sharp from 'sharp';
import type { MonthlyReport } from '@rectify/shared';
import { fonts } from './reports.docx-kit.js';

/**
 * ECharts' one-file minified build of the common charts and components (bar, line, title, legend, grid: all these
 * charts use): its ES modules cost some 80 MB and two seconds to load under tsx, and the plain bundle brings an 8 MB
 * source map that Node parses whenever source maps are on. A chart needing more would want `echarts.min.js`.
 */
const echarts = createRequire(import.meta.url)('echarts/dist/echarts.common.min.js') as typeof Echarts;

export const chartSize = { width: 800, height: 400 };
const palette = { closed: '#2E7D32', open: '#1F5FA8', overdue: '#C62828', issued: '#1F5FA8' };

/** Renders an ECharts option on the server (SVG, no DOM) and rasterises it at twice the size for print. */
export async function renderChart(option: Echarts.EChartsCoreOption): Promise<Buffer> {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: chartSize.width, height: chartSize.height });
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: fonts.heading }, ...option });
    const svg = chart.renderToSVGString();
    return await sharp(Buffer.from(svg), { density: 144 }).png().toBuffer();
  } finally {
    chart.dispose();
  }
}

const short = (name: string) => name.replace(/^江川市/, '').replace(/(机关)?党(委|组|总支|支部)$/, '');

/** Per organization: closed, open on time and overdue at the month's end (the 15 with the most items). */
export function orgChart(report: MonthlyReport) {
  const rows = [...report.byOrg].sort((a, b) => b.totalItems - a.totalItems).slice(0, 15);
  return renderChart({
    title: { text: '各单位整改情况（月末）', left: 'center', textStyle: { fontSize: 16 } },
    legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 50, bottom: 80 },
    xAxis: { type: 'category', data: rows.map((r) => short(r.orgName)), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '已销号', type: 'bar', stack: 'all', color: palette.closed, data: rows.map((r) => r.closedTotal) },
      { name: '整改中（未逾期）', type: 'bar', stack: 'all', color: palette.open, data: rows.map((r) => r.open - r.overdue) },
      { name: '逾期未完成', type: 'bar', stack: 'all', color: palette.overdue, data: rows.map((r) => r.overdue) },
    ],
  });
}

/** Per category: completion rate as a bar, with the counts in the label. */
export function categoryChart(report: MonthlyReport) {
  const rows = report.byCategory.filter((r) => r.totalItems > 0);
  return renderChart({
    title: { text: '各类别整改完成率', left: 'center', textStyle: { fontSize: 16 } },
    grid: { left: 130, right: 120, top: 50, bottom: 30 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.categoryName ?? '未分类') },
    series: [
      {
        type: 'bar',
        color: palette.open,
        data: rows.map((r) => (r.completionRate === null ? 0 : Math.round(r.completionRate * 1000) / 10)),
        label: { show: true, position: 'right', formatter: (p: { dataIndex: number; value: number }) => `${p.value}%（${rows[p.dataIndex].closedTotal}/${rows[p.dataIndex].closedTotal + rows[p.dataIndex].overdue}）` },
      },
    ],
  });
}

/** Issued against closed per month over the last twelve months. */
export function trendChart(report: MonthlyReport) {
  return renderChart({
    title: { text: '近12个月新增与销号', left: 'center', textStyle: { fontSize: 16 } },
    legend: { bottom: 0 },
    grid: { left: 50, right: 20, top: 50, bottom: 60 },
    xAxis: { type: 'category', data: report.trend.map((t) => `${Number(t.month.slice(5))}月`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '新增', type: 'bar', color: palette.issued, data: report.trend.map((t) => t.newItems) },
      { name: '销号', type: 'line', color: palette.closed, symbolSize: 8, data: report.trend.map((t) => t.closed) },
    ],
  });
}
