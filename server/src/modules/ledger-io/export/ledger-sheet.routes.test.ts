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

describe('the 台账 view’s rows for 协办 and 工作日时限', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const page = async (query: string) => {
    const res = await t.as('supervisor')({ method: 'GET', url: `/api/items/ledger${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { rows: LedgerSheetRow[]; total: number };
  };

  it('when an item has assisting organizations and a deadline in working days, its row names the 协办 and keeps what was asked beside the date', async () => {
    const plainId = (await createItem(t, { orgId: t.orgs.archives, description: '档案党建融合不够。' })).id;
    const item = await createItem(t, { orgId: t.orgs.police, description: '协办经费核对不及时。', assistOrgIds: [t.orgs.finance, t.orgs.traffic] });
    // 250 working days run past 2026, whose calendar is the only one loaded: the date is provisional.
    const edited = await t.as('supervisor')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: item.version, deadlineWorkingDays: 250 } });
    expect(edited.statusCode, edited.body).toBe(200);
    const row = (await page('?pageSize=50')).rows.find((r) => r.id === item.id)!;
    expect(row).toMatchObject({
      orgName: '江川市公安局党委',
      deadline: edited.json().deadline,
      deadlineWorkingDays: 250,
      deadlineBasis: 'issue',
      deadlineProvisional: true,
    });
    expect([...row.assistOrgs!].sort()).toEqual(['市公安局交通警察支队党支部', '江川市财政局机关党委'].sort());
    const plain = (await page('?pageSize=50')).rows.find((r) => r.id === plainId)!;
    expect(plain).toMatchObject({ assistOrgs: [], deadlineWorkingDays: null, deadlineBasis: null, deadlineProvisional: false });
  });
});
