import { describe, expect, it } from 'vitest';
import { supervisionLines, type SupervisionFact } from '@rectify/shared';
import { i18n, setLocale } from '@/i18n';
import { ledgerSheetRow as sheetRow } from '@/test/fixtures';
import { columnWidths, defaultColumns, groupByOrg, ledgerColumns, minimumWidth, supervisionLine, toLedgerRow } from './ledger-rows';

const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {});

describe('a ledger row as the 台账 shows it', () => {
  it('when a row has measures, progress, evidence and a decision, it carries them in words, line by line', () => {
    const row = toLedgerRow(
      sheetRow({
        source: 'self_inspection',
        type: 'long_term',
        extensionCount: 1,
        measures: [
          { content: '修订学习制度', responsiblePerson: '王强', deadline: '2026-06-30' },
          { content: '每月集中学习一次', responsiblePerson: null, deadline: null },
        ],
        progress: [
          { entryDate: '2026-04-01', content: '起草制度', percent: null },
          { entryDate: '2026-05-10', content: '制度已印发', percent: 80 },
        ],
        evidence: ['学习制度.pdf'],
        opinion: { action: 'reject_closure', comment: '缺少会议记录' },
        supervision: [{ kind: 'noticeIssued', day: '2026-05-13', number: '督办〔2026〕3号' }],
      }),
      t,
    );
    expect(row.cells.source).toEqual(['自身查摆']);
    expect(row.cells.type).toEqual(['长期坚持']);
    expect(row.cells.measures).toEqual(['1. 修订学习制度（王强，2026-06-30）', '2. 每月集中学习一次']);
    expect(row.cells.progress).toEqual(['04-01 起草制度', '05-10 制度已印发（80%）']);
    expect(row.cells.deadline).toEqual(['2026-08-31', '已延期 1 次']);
    expect(row.cells.evidence).toEqual(['学习制度.pdf']);
    expect(row.cells.closure).toEqual(['整改中']);
    expect(row.cells.reviewOpinion).toEqual(['退回：缺少会议记录']);
    expect(row.cells.supervision).toEqual(['2026-05-13 下发督办单 督办〔2026〕3号']);
  });

  it('when an item has assisting organizations, they fill the 协办单位 cell parted by 、 as in the Excel export, and a row without them leaves it empty', () => {
    expect(toLedgerRow(sheetRow({ assistOrgs: ['市公安局交通警察支队党支部', '江川市财政局机关党委'] }), t).cells.assistOrgs).toEqual(['市公安局交通警察支队党支部、江川市财政局机关党委']);
    expect(toLedgerRow(sheetRow(), t).cells.assistOrgs).toEqual([]);
  });

  it('when the deadline was given in working days, the date comes first, then what was asked and from when; 待定 only while provisional', () => {
    const fromIssue = toLedgerRow(sheetRow({ deadline: '2026-03-06', deadlineWorkingDays: 15, deadlineBasis: 'issue', deadlineProvisional: false, extensionCount: 1 }), t);
    expect(fromIssue.cells.deadline).toEqual(['2026-03-06', '15 个工作日（自交办）', '已延期 1 次']);
    expect(fromIssue.provisional).toBe(false);
    const fromSigning = toLedgerRow(sheetRow({ deadline: '2027-02-05', deadlineWorkingDays: 250, deadlineBasis: 'acknowledge', deadlineProvisional: true }), t);
    expect(fromSigning.cells.deadline).toEqual(['2027-02-05', '250 个工作日（自签收）']);
    expect(fromSigning.provisional).toBe(true);
    const byDate = toLedgerRow(sheetRow({ deadlineWorkingDays: null, deadlineBasis: null, deadlineProvisional: false }), t);
    expect(byDate.cells.deadline).toEqual(['2026-08-31']);
    expect(byDate.provisional).toBe(false);
  });

  it('when the screen is in English, the working days read in English', async () => {
    await setLocale('en');
    try {
      expect(toLedgerRow(sheetRow({ deadlineWorkingDays: 15, deadlineBasis: 'issue' }), t).cells.deadline).toEqual(['2026-08-31', '15 working days (from issue)']);
    } finally {
      await setLocale('zh-CN');
    }
  });

  it('when an item is closed, it says when, and whether it was late', () => {
    const row = toLedgerRow(sheetRow({ status: 'closed', light: null, closedLate: true, closedOn: '2026-09-02' }), t);
    expect(row.cells.closure).toEqual(['逾期销号 2026-09-02']);
  });

  it('when the screen is in Chinese, every kind of 督办情况 reads as the Excel export writes it', () => {
    const facts: SupervisionFact[] = [
      { kind: 'extended', count: 2, originalDeadline: '2026-03-31' },
      { kind: 'extensionPending', deadline: '2026-09-30' },
      { kind: 'overdue', days: 12 },
      { kind: 'dueSoon', days: 3 },
      { kind: 'noticeIssued', day: '2026-05-13', number: '督办〔2026〕3号' },
      { kind: 'noticeIssued', day: '2026-05-13', number: null },
      { kind: 'noticeReplied', day: '2026-05-20', number: '督办〔2026〕3号' },
    ];
    expect(facts.map((fact) => supervisionLine(fact, t))).toEqual(supervisionLines(facts));
  });

  it('when consecutive rows are of one organization, they share one merged cell', () => {
    const rows = [1, 2, 3, 4].map((id) => toLedgerRow(sheetRow({ id, orgId: id < 3 ? 2 : 5, orgName: id < 3 ? '公安' : '财政' }), t));
    expect(groupByOrg(rows).map((g) => [g.orgName, g.rows.map((r) => r.id)])).toEqual([
      ['公安', [1, 2]],
      ['财政', [3, 4]],
    ]);
  });

  it('when columns are shown, their widths add up to the page, and the default ones fit a 1440 px screen', () => {
    const widths = Object.values(columnWidths(ledgerColumns)).map((w) => Number.parseFloat(w));
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    const shown = ledgerColumns.filter((c) => ['seq', 'org', 'code', 'description', ...defaultColumns].includes(c));
    // 1440 px less the side menu and the page's margins.
    expect(minimumWidth(shown)).toBeLessThan(1100);
  });
});
