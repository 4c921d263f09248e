import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supervisionLines, type LedgerSheetRow } from '@rectify/shared';
import { fixedClock } from '../../../lib/clock.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { createItem, uploadPdf } from '../../items/items.test-helpers.js';
import { closeItem } from '../../reviews/reviews.test-helpers.js';
import { ledgerColumns } from '../ledger-columns.js';
import { exportXlsx, readWorkbook } from '../ledger-io.test-helpers.js';

const clock = fixedClock('2026-05-10T02:00:00Z');
const col = (field: string) => ledgerColumns.findIndex((c) => c.field === field) + 1;

describe('the 台账 view’s rows', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids.closed = (await createItem(t, { orgId: t.orgs.police, description: '学习研讨不深入。', deadline: '2026-06-30', measures: [{ content: '制定学习计划', responsiblePerson: '张明' }] })).id;
    await closeItem(t, ids.closed);
    ids.red = (await createItem(t, { orgId: t.orgs.traffic, description: '执勤点党员亮身份不到位。', deadline: '2026-05-01' })).id;
    ids.yellow = (await createItem(t, { orgId: t.orgs.finance, description: '考核结果运用不充分。', deadline: '2026-05-14' })).id;
    ids.green = (await createItem(t, { orgId: t.orgs.archives, description: '档案党建融合不够。', deadline: '2026-12-31' })).id;
    await t.as('branch')({ method: 'POST', url: `/api/items/${ids.red}/progress`, payload: { content: '已召开支部会议部署整改', entryDate: '2026-05-08', percent: 30 } });
    await uploadPdf(t, 'branch', ids.red, '支部会议记录.pdf');
    const notice = await t.as('supervisor')({ method: 'POST', url: '/api/notices', payload: { itemIds: [ids.red], level: 'red', requirements: '立即整改', replyDeadline: '2026-05-20' } });
    expect(notice.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const page = async (query: string, as = 'supervisor') => {
    const res = await t.as(as)({ method: 'GET', url: `/api/items/ledger${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { rows: LedgerSheetRow[]; total: number };
  };

  it('when the view asks for a page, one answer holds each row with its measures, progress, evidence names and 督办情况', async () => {
    const { rows, total } = await page('?pageSize=3');
    expect(total).toBe(4);
    expect(rows).toHaveLength(3);
    const red = (await page('?pageSize=10')).rows.find((r) => r.id === ids.red)!;
    expect(red).toMatchObject({
      light: 'red',
      progress: [{ entryDate: '2026-05-08', content: '已召开支部会议部署整改', percent: 30 }],
      evidence: ['支部会议记录.pdf'],
    });
    expect(red.supervision).toEqual([
      { kind: 'overdue', days: 9 },
      // The history records the real moment (the database's clock), on the committee's calendar.
      { kind: 'noticeIssued', day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), number: '督办〔2026〕1号' },
    ]);
    const closed = (await page('?pageSize=10')).rows.find((r) => r.id === ids.closed)!;
    expect(closed.measures).toEqual([{ content: '制定学习计划', responsiblePerson: '张明', deadline: null }]);
    expect(closed.opinion?.action).toBe('approve_closure');
  });

  it('when the pages are read one after another, they are the export’s rows in the export’s order', async () => {
    const pages = [...(await page('?pageSize=2&page=1')).rows, ...(await page('?pageSize=2&page=2')).rows];
    const sheet = (await readWorkbook(await exportXlsx(t, 'supervisor'))).getWorksheet('整改台账')!;
    const exported: Array<{ code: string; supervision: string }> = [];
    sheet.eachRow((row, n) => {
      if (n > 3) exported.push({ code: row.getCell(col('code')).text, supervision: row.getCell(col('supervision')).text });
    });
    // The screen's 督办情况 and the export's column are the same words from the same facts.
    expect(pages.map((r) => ({ code: r.code, supervision: supervisionLines(r.supervision).join('\n') }))).toEqual(exported);
    expect(exported.find((r) => r.supervision.includes('督办〔2026〕1号'))?.supervision).toMatch(/^逾期 9 天\n\d{4}-\d{2}-\d{2} 下发督办单 督办〔2026〕1号$/);
  });

  it('when a branch asks, it sees only its own subtree’s rows, and another organization answers 404', async () => {
    const { rows } = await page('?pageSize=50', 'branch');
    expect(rows.map((r) => r.id).sort()).toEqual([ids.closed, ids.red].sort());
    expect((await t.as('branch')({ method: 'GET', url: `/api/items/ledger?orgId=${t.orgs.finance}` })).statusCode).toBe(404);
  });
});
