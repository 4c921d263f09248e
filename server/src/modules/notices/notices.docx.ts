import { itemStatusLabels, noticeLevelLabels, type NoticeDetail, type NoticeLevel } from '@rectify/shared';

// docx, and the layout kit built on it, load with the first notice printed rather than with the server.
const loadDocx = () => Promise.all([import('docx'), import('../reports/reports.docx-kit.js')]);

const findings: Record<NoticeLevel, string> = {
  red: '已超过整改时限仍未完成整改',
  yellow: '整改进度滞后，存在不能按期完成的风险',
  blue: '即将到达整改时限，尚未完成整改',
};

/**
 * The 督办单 in the customary layout: the issuing committee's red masthead and the notice number above a red rule,
 * the recipient, the finding, the items table, the requirements, the reply deadline, and the signature and date.
 */
export async function noticeDocx(notice: NoticeDetail, { committeeName }: { committeeName: string }): Promise<Buffer> {
  const [{ AlignmentType, BorderStyle, Document, Packer, Paragraph }, { bodyParagraph, centered, chineseDate, heading, pageProperties, red, run, sizes, table }] = await loadDocx();
  const levelColours: Record<NoticeLevel, string> = { red, yellow: 'B8860B', blue: '1F5FA8' };
  const requirements = notice.requirements.split(/\r?\n/).filter((line) => line.trim());
  const children = [
    centered(committeeName, { heading: true, bold: true, color: red, size: sizes.title, characterSpacing: 20 }, { before: 0, after: 120 }),
    centered('督  办  单', { heading: true, bold: true, color: red, size: 56 }, { before: 120, after: 60 }),
    centered(`（${noticeLevelLabels[notice.level]}）`, { bold: true, color: levelColours[notice.level] }, { before: 0, after: 180 }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(notice.number)],
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: red, space: 8 } },
      spacing: { after: 360 },
    }),
    new Paragraph({ children: [run(`${notice.orgName}：`)], spacing: { after: 120 } }),
    bodyParagraph(`经督查，你单位下列${notice.items.length}项整改事项${findings[notice.level]}。现予督办，请高度重视，认真分析原因，压实整改责任，按以下要求抓紧整改落实。`),
    new Paragraph({ children: [run('')], spacing: { after: 60 } }),
    table({
      header: ['序号', '事项编号', '问题', '整改时限', '状态', '逾期天', '责任人'],
      rows: notice.items.map((item, i) => [i + 1, item.code, item.title, item.deadline, itemStatusLabels[item.status], item.daysOverdue || '—', item.responsiblePerson ?? '']),
      widths: [0.07, 0.19, 0.29, 0.14, 0.1, 0.09, 0.12],
      align: ['center', 'left', 'left', 'center', 'center', 'center', 'center'],
    }),
    heading('督办要求'),
    ...requirements.map((line) => bodyParagraph(line.trim())),
    bodyParagraph(`请于${chineseDate(notice.replyDeadline)}前将整改落实情况书面回复（可在问题整改台账系统中直接回复）。逾期不回复或整改不到位的，将按有关规定严肃问责。`),
  ];
  if (notice.reply) {
    children.push(heading('回复情况'));
    children.push(bodyParagraph(`${notice.repliedByName ?? ''}于${chineseDate((notice.repliedAt ?? '').slice(0, 10))}回复：${notice.reply}`));
  }
  children.push(
    new Paragraph({ children: [run('')], spacing: { before: 480 } }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(committeeName)], indent: { right: 480 } }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(chineseDate(notice.issuedOn))], indent: { right: 480 } }),
  );
  const doc = new Document({ creator: 'Rectify 问题整改台账', title: `督办单 ${notice.number}`, sections: [{ properties: pageProperties, children }] });
  return Packer.toBuffer(doc);
}
