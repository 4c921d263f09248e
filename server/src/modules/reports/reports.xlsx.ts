import ExcelJS from 'exceljs';
import { itemStatusLabels, reviewLevelLabels, reviewLevels, type MonthlyReport } from '@rectify/shared';

type Column = { header: string; key: string; width: number; rate?: boolean };

function sheet(workbook: ExcelJS.Workbook, name: string, columns: Column[], rows: Record<string, unknown>[]) {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.rate ? { numFmt: '0.0%' } : {} }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  ws.getRow(1).alignment = { vertical: 'middle', horizontal: 'center' };
  ws.addRows(rows);
  return ws;
}

const figureColumns: Column[] = [
  { header: '事项总数', key: 'totalItems', width: 10 },
  { header: '本月新增', key: 'newItems', width: 10 },
  { header: '本月销号', key: 'closed', width: 10 },
  { header: '其中按期', key: 'closedOnTime', width: 10 },
  { header: '其中逾期销号', key: 'closedLate', width: 12 },
  { header: '累计销号', key: 'closedTotal', width: 10 },
  { header: '仍在整改', key: 'open', width: 10 },
  { header: '逾期未完成', key: 'overdue', width: 11 },
  { header: '整改完成率', key: 'completionRate', width: 11, rate: true },
  { header: '按期销号率', key: 'onTimeRate', width: 11, rate: true },
];

/** The report as data: one sheet per table, rates as real percentages so they can be summed and charted. */
export async function monthlyReportXlsx(report: MonthlyReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Rectify 问题整改台账';
  const f = report.figures;
  const p = report.previous;
  const summary = sheet(
    workbook,
    '概况',
    [
      { header: '指标', key: 'name', width: 22 },
      { header: report.month, key: 'current', width: 14 },
      { header: '上月', key: 'previous', width: 14 },
      { header: '变化', key: 'change', width: 14 },
    ],
    [
      { name: '本月新增', current: f.newItems, previous: p.newItems, change: report.change.newItems },
      { name: '本月销号', current: f.closed, previous: p.closed, change: report.change.closed },
      { name: '其中按期销号', current: f.closedOnTime, previous: p.closedOnTime, change: f.closedOnTime - p.closedOnTime },
      { name: '其中逾期销号', current: f.closedLate, previous: p.closedLate, change: f.closedLate - p.closedLate },
      { name: '事项总数（月末）', current: f.totalItems, previous: p.totalItems, change: f.totalItems - p.totalItems },
      { name: '累计销号（月末）', current: f.closedTotal, previous: p.closedTotal, change: f.closedTotal - p.closedTotal },
      { name: '仍在整改（月末）', current: f.open, previous: p.open, change: report.change.open },
      { name: '逾期未完成（月末）', current: f.overdue, previous: p.overdue, change: report.change.overdue },
      { name: '发出督办单', current: f.noticesIssued, previous: p.noticesIssued, change: report.change.noticesIssued },
    ],
  );
  const rateRow = summary.addRow({ name: '整改完成率', current: f.completionRate, previous: p.completionRate, change: report.change.completionRate === null ? null : report.change.completionRate / 100 });
  rateRow.numFmt = '0.0%';
  summary.addRow({ name: '按期销号率', current: f.onTimeRate ?? null, previous: p.onTimeRate ?? null }).numFmt = '0.0%';
  summary.addRow({});
  summary.addRow({ name: '整改完成率 = 已销号 ÷ (事项总数 − 已撤销)；按期销号率 = 按期销号 ÷ (已销号 + 逾期未销号)；逾期未销号：超过整改时限仍未销号的事项数' });
  summary.addRow({});
  summary.addRow({ name: `${report.orgName} · ${report.firstDay} 至 ${report.lastDay}${report.complete ? '' : '（本月尚未结束）'}` });

  sheet(workbook, '按单位', [{ header: '单位', key: 'orgName', width: 30 }, ...figureColumns], report.byOrg);
  sheet(workbook, '按类别', [{ header: '问题类别', key: 'categoryName', width: 18 }, ...figureColumns], report.byCategory.map((r) => ({ ...r, categoryName: r.categoryName ?? '未分类' })));
  sheet(
    workbook,
    '逾期清单',
    [
      { header: '序号', key: 'n', width: 6 },
      { header: '编号', key: 'code', width: 18 },
      { header: '单位', key: 'orgName', width: 28 },
      { header: '问题类别', key: 'categoryName', width: 14 },
      { header: '问题', key: 'title', width: 50 },
      { header: '整改时限', key: 'deadline', width: 12 },
      { header: '逾期天数', key: 'daysOverdue', width: 10 },
      { header: '状态', key: 'status', width: 10 },
      { header: '责任人', key: 'responsiblePerson', width: 12 },
    ],
    report.overdueItems.map((r, i) => ({ ...r, n: i + 1, status: itemStatusLabels[r.status] })),
  );
  sheet(
    workbook,
    '月度趋势',
    [
      { header: '月份', key: 'month', width: 10 },
      { header: '新增', key: 'newItems', width: 10 },
      { header: '销号', key: 'closed', width: 10 },
    ],
    report.trend,
  );
  const a = report.acknowledge;
  if (a) {
    sheet(
      workbook,
      '签收情况',
      [
        { header: '指标', key: 'name', width: 22 },
        { header: report.month, key: 'n', width: 14 },
      ],
      [
        { name: '本月签收', n: a.signed },
        { name: '本月提出异议', n: a.objectionsRaised },
        { name: '待签收（月末）', n: a.waiting },
        { name: '其中逾期未签收（月末）', n: a.overdue },
        { name: '有异议待处理（月末）', n: a.objected },
      ],
    );
  }
  const r = report.reviews;
  if (r) {
    sheet(
      workbook,
      '审核层级',
      [
        { header: '审核层级', key: 'level', width: 16 },
        { header: '审核通过', key: 'passed', width: 12 },
        { header: '退回', key: 'sentBack', width: 10 },
      ],
      reviewLevels.map((level) => ({ level: reviewLevelLabels[level], ...r[level] })),
    );
  }
  recheckEscalationSheet(workbook, report);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** 回头看 (first-round and reopened closures, 反弹率) and the 约谈 and 问责建议 of the month, by organization. */
function recheckEscalationSheet(workbook: ExcelJS.Workbook, report: MonthlyReport) {
  const { rounds, escalations } = report;
  if (!rounds && !escalations) return;
  const byOrg = new Map<number, { orgName: string; rechecked: number; reopened: number; reboundRate: number | null; talks: number; accountability: number }>();
  const row = (orgId: number, orgName: string) => byOrg.get(orgId) ?? byOrg.set(orgId, { orgName, rechecked: 0, reopened: 0, reboundRate: null, talks: 0, accountability: 0 }).get(orgId)!;
  for (const r of rounds?.byOrg ?? []) Object.assign(row(r.orgId, r.orgName), { rechecked: r.rechecked, reopened: r.reopened, reboundRate: r.reboundRate });
  for (const e of escalations?.byOrg ?? []) Object.assign(row(e.orgId, e.orgName), { talks: e.talks, accountability: e.accountability });
  const total = {
    orgName: '合计',
    rechecked: rounds?.rechecked ?? 0,
    reopened: rounds?.reopened ?? 0,
    reboundRate: rounds?.reboundRate ?? null,
    talks: escalations?.talks ?? 0,
    accountability: escalations?.accountability ?? 0,
  };
  const ws = sheet(
    workbook,
    '回头看与督办',
    [
      { header: '单位', key: 'orgName', width: 30 },
      { header: '回头看已定论', key: 'rechecked', width: 14 },
      { header: '反弹重开', key: 'reopened', width: 10 },
      { header: '反弹率', key: 'reboundRate', width: 10, rate: true },
      { header: '本月约谈', key: 'talks', width: 10 },
      { header: '本月问责建议', key: 'accountability', width: 14 },
    ],
    [...byOrg.values(), total],
  );
  if (rounds) {
    ws.addRow({});
    ws.addRow({ orgName: `本月首轮销号 ${rounds.firstRoundClosed} 项，反弹后再次销号 ${rounds.reopenedClosed} 项，本月反弹重开 ${rounds.reopenedInMonth} 项` });
  }
}
