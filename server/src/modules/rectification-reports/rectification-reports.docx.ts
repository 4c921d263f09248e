import { reportCompletionLabels, type ReportCompletion } from '@rectify/shared';
import type { ReportProblem } from './rectification-reports.repository.js';

// docx, and the layout kit built on it, load with the first report drafted rather than with the server.
const loadDocx = () => Promise.all([import('docx'), import('../reports/reports.docx-kit.js')]);

const chineseNumerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1 → 一, 12 → 十二, 23 → 二十三 (enough for the problems of one report). */
export function chineseNumber(n: number): string {
  if (n <= 10) return chineseNumerals[n - 1];
  if (n < 20) return `十${chineseNumerals[n - 11]}`;
  const tens = Math.floor(n / 10);
  return n < 100 ? `${chineseNumerals[tens - 1]}十${n % 10 ? chineseNumerals[(n % 10) - 1] : ''}` : String(n);
}

/** Closed is done; open long-term work, or open work still within its deadline, is ongoing; open work past it is not done. */
export function completionOf(problem: Pick<ReportProblem, 'status' | 'type' | 'deadline'>, today: string): ReportCompletion {
  if (problem.status === 'closed') return 'done';
  return problem.type === 'long_term' || problem.deadline >= today ? 'ongoing' : 'not_done';
}

/** 关于2025年度述职评议反馈问题整改情况的报告 */
export function reportTitle(reviewTitle: string, summary = false) {
  return `关于${reviewTitle.trim()}反馈问题整改情况的${summary ? '综合' : ''}报告`;
}

/** 关于2026年度问题整改情况的报告: a period's report covers problems from every source, not one review's feedback. */
export function periodReportTitle(periodTitle: string) {
  return `关于${periodTitle.trim()}问题整改情况的报告`;
}

export interface OrgReportInput {
  /** The review's title, or the reporting period's (2026年度) when `period` is given. */
  reviewTitle: string;
  heldOn: string;
  /** A reporting period's dates: the report then covers the problems issued within them. */
  period?: { startsOn: string; endsOn: string };
  committeeName: string;
  orgName: string;
  today: string;
  problems: ReportProblem[];
}

/** The counts of a report's summary paragraph. */
export function tally(problems: ReportProblem[], today: string) {
  const counts = { total: problems.length, done: 0, ongoing: 0, not_done: 0 };
  for (const p of problems) counts[completionOf(p, today)]++;
  return counts;
}

/**
 * The title in the official manner: one line when it fits (about twenty characters at 二号), otherwise broken before
 * 整改情况 so that no line holds a lone word such as 报告.
 */
export function titleLines(title: string): string[] {
  const at = title.indexOf('整改情况');
  return title.length > 20 && at > 0 ? [title.slice(0, at), title.slice(at)] : [title];
}

type Docx = typeof import('docx');
type Kit = typeof import('../reports/reports.docx-kit.js');

function titleParagraph({ Paragraph, AlignmentType }: Docx, { run, sizes }: Kit, title: string) {
  const runs = titleLines(title).map((line, i) => run(line, { heading: true, bold: true, size: sizes.title, break: i ? 1 : undefined }));
  return new Paragraph({ children: runs, alignment: AlignmentType.CENTER, spacing: { before: 240, after: 480 } });
}

/** Page numbers as official documents carry them: — 1 — at the foot of every page. */
function pageFooter({ Footer, Paragraph, TextRun, AlignmentType, PageNumber }: Docx, { fonts, sizes }: Kit) {
  const font = { ascii: fonts.body, eastAsia: fonts.body, hAnsi: fonts.body, cs: fonts.body };
  return { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font, size: sizes.small })] })] }) };
}

const rate = (done: number, total: number) => (total ? `${((done / total) * 100).toFixed(1)}%` : '—');

/**
 * An organization's 整改情况报告 as a draft to edit, sign and seal: the title, the committee it is addressed to, an
 * opening, each problem with its measures, progress, completion and evidence, the counts, next steps, and the
 * signature and seal block left for the head of the organization to fill in by hand.
 */
export async function orgReportDocx(input: OrgReportInput): Promise<Buffer> {
  const [docx, kit] = await loadDocx();
  const { AlignmentType, Document, Packer, Paragraph } = docx;
  const { bodyParagraph, chineseDate, heading, pageProperties, run } = kit;
  const counts = tally(input.problems, input.today);
  const labelled = (label: string, text: string) => bodyParagraph([run(`${label}：`, { bold: true }), run(text)]);
  const problemParagraphs = input.problems.flatMap((p, i) => {
    const completion = completionOf(p, input.today);
    const measures = p.measures.length
      ? p.measures.map((m, j) => {
          const who = [m.responsiblePerson && `责任人：${m.responsiblePerson}`, m.deadline && `时限：${chineseDate(m.deadline)}`].filter(Boolean);
          return `${j + 1}. ${m.content}${who.length ? `（${who.join('，')}）` : ''}`;
        })
      : ['（未录入整改措施）'];
    const progress = p.progress.length ? p.progress.map((e) => `${chineseDate(e.entryDate)}，${e.content}`) : ['（尚无整改进展记录）'];
    const done = completion === 'done' ? `${reportCompletionLabels.done}${p.closedOn ? `（${chineseDate(p.closedOn)}销号）` : ''}` : completion === 'ongoing' ? `${reportCompletionLabels.ongoing}（整改时限${chineseDate(p.deadline)}）` : `${reportCompletionLabels.not_done}（整改时限${chineseDate(p.deadline)}，已逾期）`;
    return [
      heading(`（${chineseNumber(i + 1)}）${p.title}`, 2),
      labelled('问题表现', p.description),
      labelled('整改措施', measures[0]),
      ...measures.slice(1).map((m) => bodyParagraph(m)),
      labelled('整改进展', progress[0]),
      ...progress.slice(1).map((line) => bodyParagraph(line)),
      labelled('完成情况', `${done}${p.completionNote ? `。${p.completionNote}` : ''}`),
      labelled('佐证材料', p.evidence.length ? p.evidence.map((name, j) => `${j + 1}. ${name}`).join('；') : '无'),
    ];
  });
  const signature = (text: string) => new Paragraph({ alignment: AlignmentType.LEFT, indent: { left: 4160 }, spacing: { line: 560, lineRule: 'exact' }, children: [run(text)] });
  const { period } = input;
  const title = period ? periodReportTitle(input.reviewTitle) : reportTitle(input.reviewTitle);
  const opening = period
    ? `${chineseDate(period.startsOn)}至${chineseDate(period.endsOn)}，上级点评、巡视巡察、专项检查和自身查摆等共向我单位交办问题${counts.total}个。我单位高度重视，逐条制定整改措施，明确责任领导、责任人和整改时限，建立问题整改台账，逐项推进整改落实。现将${input.reviewTitle}问题整改情况报告如下。`
    : `${chineseDate(input.heldOn)}，${input.committeeName}在${input.reviewTitle}中对我单位提出了反馈意见。我单位高度重视，对照反馈的${counts.total}个问题逐条制定整改措施，明确责任领导、责任人和整改时限，建立问题整改台账，逐项推进整改落实。现将整改情况报告如下。`;
  const children = [
    titleParagraph(docx, kit, title),
    new Paragraph({ children: [run(`${input.committeeName}：`)], spacing: { line: 560, lineRule: 'exact' } }),
    bodyParagraph(opening),
    heading('一、问题整改落实情况'),
    ...(problemParagraphs.length ? problemParagraphs : [bodyParagraph(period ? '本报告期内没有交办我单位整改的问题。' : '本次评议未向我单位反馈需整改的问题。')]),
    heading('二、整改总体情况'),
    bodyParagraph(
      `${period ? '交办' : '反馈'}问题共${counts.total}个，其中已完成${counts.done}个，持续整改${counts.ongoing}个，未完成${counts.not_done}个，整改完成率${rate(counts.done, counts.total)}。`,
    ),
    heading('三、下一步工作打算'),
    bodyParagraph('对已完成的问题，巩固整改成果，建立长效机制，防止问题反弹；对持续整改和未完成的问题，明确时间节点，压实责任，确保按期整改到位，并及时报告整改进展。'),
    new Paragraph({ children: [run('')], spacing: { before: 720 } }),
    signature('单位名称（盖章）：'),
    signature(input.orgName),
    new Paragraph({ children: [run('')], spacing: { before: 240 } }),
    signature('负责人签字：'),
    new Paragraph({ children: [run('')], spacing: { before: 240 } }),
    signature('　　　　年　　月　　日'),
  ];
  const doc = new Document({ creator: 'Rectify 问题整改台账', title, sections: [{ properties: pageProperties, footers: pageFooter(docx, kit), children }] });
  return Packer.toBuffer(doc);
}

export interface SummaryReportInput {
  reviewTitle: string;
  heldOn: string;
  committeeName: string;
  /** Whom the committee reports to; a blank line to fill in when it has no parent here. */
  addressee: string | null;
  today: string;
  orgs: Array<{ orgName: string; total: number; done: number; notDone: number; submission: string }>;
  unfinished: ReportProblem[];
  unfinishedMore: number;
}

/** The committee's 综合报告 on a review: every organization's counts and submission, then what is still not done. */
export async function summaryReportDocx(input: SummaryReportInput): Promise<Buffer> {
  const [docx, kit] = await loadDocx();
  const { AlignmentType, Document, Packer, Paragraph } = docx;
  const { bodyParagraph, chineseDate, heading, pageProperties, run, table } = kit;
  const total = input.orgs.reduce((s, o) => s + o.total, 0);
  const done = input.orgs.reduce((s, o) => s + o.done, 0);
  const notDone = input.orgs.reduce((s, o) => s + o.notDone, 0);
  const signature = (text: string) => new Paragraph({ alignment: AlignmentType.LEFT, indent: { left: 4160 }, spacing: { line: 560, lineRule: 'exact' }, children: [run(text)] });
  const children = [
    titleParagraph(docx, kit, reportTitle(input.reviewTitle, true)),
    new Paragraph({ children: [run(`${input.addressee ?? '＿＿＿＿＿＿'}：`)], spacing: { line: 560, lineRule: 'exact' } }),
    bodyParagraph(
      `${chineseDate(input.heldOn)}，${input.committeeName}组织开展${input.reviewTitle}，向${input.orgs.length}个党组织反馈问题${total}个。各党组织对照反馈问题建立整改台账，逐项推进整改，工委逐一审核销号。现将整改情况报告如下。`,
    ),
    heading('一、总体情况'),
    bodyParagraph(`反馈问题共${total}个，已完成${done}个，持续整改${total - done - notDone}个，未完成${notDone}个，整改完成率${rate(done, total)}。`),
    heading('二、各党组织整改情况'),
    table({
      header: ['序号', '党组织', '问题数', '已完成', '持续整改', '未完成', '完成率', '报告报送'],
      rows: input.orgs.map((o, i) => [i + 1, o.orgName, o.total, o.done, o.total - o.done - o.notDone, o.notDone, rate(o.done, o.total), o.submission]),
      // 持续整改 and 已提交待审 each fit on one line at 五号.
      widths: [0.06, 0.28, 0.09, 0.09, 0.12, 0.09, 0.11, 0.16],
      align: ['center', 'left', 'center', 'center', 'center', 'center', 'center', 'center'],
    }),
    heading('三、尚未完成的问题'),
    ...(input.unfinished.length
      ? [
          table({
            header: ['序号', '党组织', '问题', '整改时限'],
            rows: input.unfinished.map((p, i) => [i + 1, p.orgName, p.title, chineseDate(p.deadline)]),
            widths: [0.07, 0.29, 0.41, 0.23],
            align: ['center', 'left', 'left', 'center'],
          }),
          ...(input.unfinishedMore ? [bodyParagraph(`另有${input.unfinishedMore}个未完成问题未列出，详见问题整改台账。`)] : []),
        ]
      : [bodyParagraph('反馈问题均已完成或在整改时限内持续整改。')]),
    heading('四、下一步工作打算'),
    bodyParagraph('对未完成整改的党组织加强督办，限期整改到位；对已完成的问题适时开展“回头看”，防止问题反弹；将整改情况纳入下一年度述职评议。'),
    new Paragraph({ children: [run('')], spacing: { before: 720 } }),
    signature('单位名称（盖章）：'),
    signature(input.committeeName),
    new Paragraph({ children: [run('')], spacing: { before: 240 } }),
    signature('负责人签字：'),
    new Paragraph({ children: [run('')], spacing: { before: 240 } }),
    signature('　　　　年　　月　　日'),
  ];
  const doc = new Document({ creator: 'Rectify 问题整改台账', title: reportTitle(input.reviewTitle, true), sections: [{ properties: pageProperties, footers: pageFooter(docx, kit), children }] });
  return Packer.toBuffer(doc);
}
