import { describe, expect, it } from 'vitest';
import { supervisionLines, type LedgerSheetRow, type SupervisionFact } from '@rectify/shared';
import { i18n } from '@/i18n';
import { columnWidths, defaultColumns, groupByOrg, ledgerColumns, minimumWidth, supervisionLine, toLedgerRow } from './ledger-rows';

const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {});

/** A row as GET /api/items/ledger answers: in progress at the police committee, with nothing attached. */
const sheetRow = (overrides: Partial<LedgerSheetRow> = {}): LedgerSheetRow => ({
  id: 7,
  code: '2026-公安-001',
  orgId: 2,
  orgName: '江川市公安局党委',
  source: 'review',
  categoryName: '理论学习',
  title: '理论学习不够系统深入',
  description: '理论学习不够系统深入。',
  rootCause: null,
  target: null,
  measures: [],
  responsibleLeader: '张明',
  responsiblePerson: '李华',
  deadline: '2026-08-31',
  extensionCount: 0,
  type: 'deadline',
  status: 'in_progress',
  light: 'green',
  progress: [],
  completionNote: null,
  completedOn: null,
  evidence: [],
  closedOn: null,
  closedLate: null,
  opinion: null,
  supervision: [],
  remarks: null,
  ...overrides,
});

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
