import { describe, expect, it } from 'vitest';
import { i18n } from '@/i18n';
import { itemDetail } from '@/test/fixtures';
import { columnWidths, groupByOrg, ledgerColumns, toLedgerRow } from './ledger-rows';

const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {});

describe('an item as a row of the 台账', () => {
  it('carries the canonical columns in words, measures and progress line by line', () => {
    const row = toLedgerRow(
      itemDetail({
        source: 'self_inspection',
        type: 'long_term',
        extensionCount: 1,
        measures: [
          { id: 1, seq: 1, content: '修订学习制度', responsiblePerson: '王强', deadline: '2026-06-30' },
          { id: 2, seq: 2, content: '每月集中学习一次', responsiblePerson: null, deadline: null },
        ],
        // Newest first, as the API lists them.
        progress: [
          { id: 2, entryDate: '2026-05-10', content: '制度已印发', percent: 80, createdBy: 1, createdByName: '王经办', createdAt: '2026-05-10T02:00:00Z' },
          { id: 1, entryDate: '2026-04-01', content: '起草制度', percent: null, createdBy: 1, createdByName: '王经办', createdAt: '2026-04-01T02:00:00Z' },
        ],
        evidence: [{ id: 5, itemId: 7, progressId: null, fileName: '学习制度.pdf', mime: 'application/pdf', kind: 'pdf', size: 100, sha256: 'x', hasThumbnail: false, uploadedBy: 1, uploadedByName: '王经办', createdAt: '2026-05-10T02:00:00Z' }],
        history: [
          { id: 1, at: '2026-05-11T01:00:00Z', actorId: 2, actorName: '李督办', action: 'reject_closure', fromStatus: 'closure_requested', toStatus: 'in_progress', comment: '缺少会议记录', changes: null, data: null },
          { id: 2, at: '2026-05-12T17:00:00Z', actorId: 2, actorName: '李督办', action: 'notice_issued', fromStatus: null, toStatus: null, comment: '限期整改', changes: null, data: { number: '督办〔2026〕3号' } },
        ],
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
    // 17:00 UTC is the next morning in the committee's time zone.
    expect(row.cells.supervision).toEqual(['2026-05-13 下发督办单 督办〔2026〕3号']);
  });

  it('a closed item says when, and whether it was late', () => {
    const row = toLedgerRow(itemDetail({ status: 'closed', light: null, closedLate: true, closedAt: '2026-09-02T03:00:00Z' }), t);
    expect(row.cells.closure).toEqual(['逾期销号 2026-09-02']);
  });

  it('consecutive rows of one organization share one merged cell', () => {
    const rows = [1, 2, 3, 4].map((id) => toLedgerRow(itemDetail({ id, orgId: id < 3 ? 2 : 5, orgName: id < 3 ? '公安' : '财政' }), t));
    expect(groupByOrg(rows).map((g) => [g.orgName, g.rows.map((r) => r.id)])).toEqual([
      ['公安', [1, 2]],
      ['财政', [3, 4]],
    ]);
  });

  it('the column widths of what is shown add up to the page', () => {
    const widths = Object.values(columnWidths(ledgerColumns)).map((w) => Number.parseFloat(w));
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
  });
});
