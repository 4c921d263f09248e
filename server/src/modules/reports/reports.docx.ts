import { AlignmentType, Document, ImageRun, Packer, Paragraph } from 'docx';
import { itemStatusLabels, reviewLevelLabels, reviewLevels, type MonthlyReport } from '@rectify/shared';
import { categoryChart, chartSize, orgChart, trendChart } from './reports.charts.js';
import { bodyParagraph, centered, chineseDate, heading, pageProperties, percent, run, sizes, table } from './reports.docx-kit.js';

/**
 * The printed report lists the longest overdue up to this many (the report itself carries up to
 * REPORT_OVERDUE_LIST_CAP, shown on the page and in the .xlsx): the document library holds over 200 KB per table row
 * while it builds the file, and 500 rows took the .docx of a million-item committee past 300 MB.
 */
export const DOCX_OVERDUE_ROWS = 100;

/** Said when the report lists only the longest overdue. */
export const overdueListNote = (shown: number) => `以下列出逾期时间最长的${shown}项，其余可在台账中按“逾期”筛选查看、导出。`;
const signed = (n: number) => (n > 0 ? `增加${n}` : n < 0 ? `减少${-n}` : '持平');

/** The summary paragraph: the month in one breath, as a committee would write it. */
export function summaryText(report: MonthlyReport) {
  const f = report.figures;
  const asOf = report.complete ? `截至${chineseDate(report.lastDay)}` : `本月截至目前`;
  const rate =
    report.change.completionRate === null
      ? ''
      : `，较上月${report.change.completionRate > 0 ? '提高' : report.change.completionRate < 0 ? '下降' : '持平'}${report.change.completionRate === 0 ? '' : `${Math.abs(report.change.completionRate).toFixed(1)}个百分点`}`;
  return (
    `${asOf}，${report.orgName}范围内共有整改事项${f.totalItems}项。本月新增${f.newItems}项（较上月${signed(report.change.newItems)}项），` +
    `销号${f.closed}项，其中按期销号${f.closedOnTime}项、逾期销号${f.closedLate}项；累计销号${f.closedTotal}项，仍在整改${f.open}项，` +
    `其中逾期未完成${f.overdue}项（较上月${signed(report.change.overdue)}项）。整改完成率为${percent(f.completionRate)}${rate}，按期销号率为${percent(f.onTimeRate ?? null)}，逾期未销号${f.overdue}项。本月共发出督办单${f.noticesIssued}份。`
  );
}

/** 签收与异议 and the review levels in a sentence each; nothing when the report predates them. */
export function acknowledgeText(report: MonthlyReport) {
  const parts: string[] = [];
  const a = report.acknowledge;
  if (a) {
    const end = report.complete ? '截至月末' : '截至目前';
    parts.push(`本月签收${a.signed}项，提出异议${a.objectionsRaised}项；${end}待签收${a.waiting}项，其中逾期未签收${a.overdue}项，有异议待处理${a.objected}项。`);
  }
  const r = report.reviews;
  if (r) parts.push(`本月${reviewLevels.map((l) => `${reviewLevelLabels[l]}通过${r[l].passed}项、退回${r[l].sentBack}项`).join('；')}。`);
  return parts.join('');
}

/** 回头看 and the escalations of the month in a sentence; nothing when the report predates them. */
export function recheckEscalationText(report: MonthlyReport) {
  const { rounds: r, escalations: e } = report;
  const parts: string[] = [];
  if (r) {
    parts.push(`本月首轮销号${r.firstRoundClosed}项，反弹后再次销号${r.reopenedClosed}项，本月回头看认定反弹重开${r.reopenedInMonth}项。`);
    parts.push(`${report.complete ? '截至月末' : '截至目前'}回头看已定论${r.rechecked}项，其中反弹${r.reopened}项，反弹率${percent(r.reboundRate)}。`);
  }
  if (e) parts.push(`本月约谈${e.talks}次，提出问责建议${e.accountability}条。`);
  return parts.join('');
}

const image = (data: Buffer) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new ImageRun({ type: 'png', data, transformation: { width: 600, height: Math.round((600 * chartSize.height) / chartSize.width) } })],
    spacing: { before: 120, after: 120 },
  });

/** The readable monthly report: title, summary, tables by organization and category, the overdue list, charts. */
export async function monthlyReportDocx(report: MonthlyReport, { today }: { today: string }): Promise<Buffer> {
  const [year, month] = report.month.split('-').map(Number);
  const overdueListed = report.overdueItems.slice(0, DOCX_OVERDUE_ROWS);
  // One chart at a time: each rasterisation holds its SVG, the image library's buffers and its bitmap, and three at
  // once raised the report's peak memory by some 20 MB for no time saved worth having.
  const orgPng = await orgChart(report);
  const categoryPng = await categoryChart(report);
  const trendPng = await trendChart(report);
  const figureRow = (name: string, r: MonthlyReport['byOrg'][number] | MonthlyReport['byCategory'][number]) => [
    name,
    r.totalItems,
    r.newItems,
    r.closed,
    r.closedTotal,
    r.open,
    r.overdue,
    percent(r.completionRate),
  ];
  const figureHeader = ['', '事项数', '本月新增', '本月销号', '累计销号', '仍在整改', '逾期', '完成率'];
  const figureWidths = [0.24, 0.09, 0.11, 0.11, 0.11, 0.11, 0.09, 0.14];
  const numeric = ['left', 'center', 'center', 'center', 'center', 'center', 'center', 'center'] as const;

  const doc = new Document({
    creator: 'Rectify 问题整改台账',
    title: `${year}年${month}月问题整改情况月报`,
    sections: [
      {
        properties: pageProperties,
        children: [
          centered(`${report.orgName}`, { heading: true, bold: true, size: sizes.subtitle }, { before: 0, after: 120 }),
          centered(`${year}年${month}月问题整改情况月报`, { heading: true, bold: true, size: sizes.title }, { before: 0, after: 240 }),
          centered(`（统计时间：${chineseDate(report.firstDay)}至${chineseDate(report.lastDay)}${report.complete ? '' : '，本月尚未结束'}）`, { size: sizes.small }, { before: 0, after: 360 }),
          heading('一、总体情况'),
          bodyParagraph(summaryText(report)),
          bodyParagraph('注：整改完成率＝已销号÷（事项总数－已撤销）；按期销号率＝按期销号÷（已销号＋逾期未销号）；逾期未销号指超过整改时限仍未销号的事项数。'),
          image(trendPng),
          heading('二、各单位整改情况'),
          table({ header: ['单位', ...figureHeader.slice(1)], rows: report.byOrg.map((r) => figureRow(r.orgName, r)), widths: figureWidths, align: [...numeric] }),
          image(orgPng),
          heading('三、各类别整改情况'),
          table({ header: ['问题类别', ...figureHeader.slice(1)], rows: report.byCategory.map((r) => figureRow(r.categoryName ?? '未分类', r)), widths: figureWidths, align: [...numeric] }),
          image(categoryPng),
          heading(`四、逾期未完成事项（${report.figures.overdue}项）`),
          ...(overdueListed.length < report.figures.overdue ? [bodyParagraph(overdueListNote(overdueListed.length))] : []),
          overdueListed.length
            ? table({
                header: ['序号', '编号', '单位', '问题', '整改时限', '逾期天', '状态'],
                rows: overdueListed.map((r, i) => [i + 1, r.code, r.orgName, r.title, r.deadline, r.daysOverdue, itemStatusLabels[r.status]]),
                widths: [0.07, 0.17, 0.2, 0.23, 0.15, 0.09, 0.09],
                align: ['center', 'left', 'left', 'left', 'center', 'center', 'center'],
              })
            : bodyParagraph('本月末无逾期未完成事项。'),
          ...(report.acknowledge || report.reviews
            ? [
                heading('五、签收与审核情况'),
                bodyParagraph(acknowledgeText(report)),
                ...(report.reviews
                  ? [
                      table({
                        header: ['审核层级', '审核通过', '退回'],
                        rows: reviewLevels.map((l) => [reviewLevelLabels[l], report.reviews![l].passed, report.reviews![l].sentBack]),
                        widths: [0.4, 0.3, 0.3],
                        align: ['left', 'center', 'center'],
                      }),
                    ]
                  : []),
              ]
            : []),
          ...(report.rounds || report.escalations
            ? [
                heading(`${report.acknowledge || report.reviews ? '六' : '五'}、回头看与督办情况`),
                bodyParagraph(recheckEscalationText(report)),
                ...(report.escalations?.byOrg.length
                  ? [
                      table({
                        header: ['单位', '约谈', '问责建议'],
                        rows: report.escalations.byOrg.map((o) => [o.orgName, o.talks, o.accountability]),
                        widths: [0.6, 0.2, 0.2],
                        align: ['left', 'center', 'center'],
                      }),
                    ]
                  : []),
              ]
            : []),
          new Paragraph({ children: [run('')], spacing: { before: 240 }, keepNext: true }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(report.orgName)], keepNext: true }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(chineseDate(today))] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
