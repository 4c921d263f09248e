import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { fixedClock } from '../../../lib/clock.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { itemHistory, itemMeasures, items } from '../../items/items.table.js';
import { importXlsx, xlsx } from '../ledger-io.test-helpers.js';

const clock = fixedClock('2026-05-10T02:00:00Z');
const header = ['序号', '所属单位', '问题来源', '问题类别', '问题描述', '原因剖析', '整改目标', '整改措施', '责任领导', '责任人', '整改时限', '整改类型', '备注'];

describe('importing an .xlsx ledger', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const itemCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(items))[0].n;

  describe('a well-formed ledger', () => {
    const file = () =>
      xlsx({
        台账: [
          ['江川市直属机关工委问题整改台账'],
          header,
          [1, '江川市公安局党委', '上级点评', '理论学习', '理论学习不够深入，学用结合不紧密。', '学习计划执行不严', '形成常态化学习机制', '1. 制定年度学习计划（责任人：张明；完成时限：2026-06-30）\n2. 每月集中学习一次', '王书记', '张明', new Date(Date.UTC(2026, 7, 31)), '限期整改', '重点督办'],
          [2, '财政', '自身查摆', '组织建设', '支部“三会一课”记录不规范。', null, null, '逐月检查会议记录', null, '陈会计', '2026年9月30日', '立行立改', null],
          [3, '江川市档案馆党支部', '巡察反馈', null, '党建与业务融合不紧密。', null, null, null, null, null, '8月底', null, null],
        ],
      });

    it('when checked with dryRun, it reports every row and writes nothing', async () => {
      const before = await itemCount();
      const res = await importXlsx(t, 'supervisor', await file(), '?dryRun=true');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ dryRun: true, ok: true, rowCount: 3, created: 0, errorCount: 0 });
      expect(body.rows.map((r: { orgName: string; deadline: string; type: string; source: string }) => [r.orgName, r.deadline, r.type, r.source])).toEqual([
        ['江川市公安局党委', '2026-08-31', 'deadline', 'review'],
        ['江川市财政局机关党委', '2026-09-30', 'immediate', 'self_inspection'],
        ['江川市档案馆党支部', '2026-08-31', 'deadline', 'inspection'],
      ]);
      expect(body.rows[2].warnings).toEqual([expect.stringContaining('8月底')]);
      expect(body.sheets[0]).toMatchObject({ name: '台账', headerRow: 2, dataRows: 3 });
      expect(await itemCount()).toBe(before);
    });

    it('when imported for real, every row becomes an item with its measures and a history row', async () => {
      const res = await importXlsx(t, 'supervisor', await file());
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ dryRun: false, ok: true, created: 3 });
      const [first] = await t.db.select().from(items).where(eq(items.id, body.rows[0].itemId));
      expect(first).toMatchObject({ code: '2026-公安-001', title: '理论学习不够深入，学用结合不紧密', rootCause: '学习计划执行不严', responsibleLeader: '王书记', deadline: '2026-08-31', remarks: '重点督办', status: 'issued' });
      const measures = await t.db.select().from(itemMeasures).where(eq(itemMeasures.itemId, first.id));
      expect(measures.map((m) => [m.content, m.responsiblePerson, m.deadline])).toEqual([
        ['制定年度学习计划', '张明', '2026-06-30'],
        ['每月集中学习一次', null, null],
      ]);
      const [history] = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, first.id));
      expect(history).toMatchObject({ action: 'created', data: expect.objectContaining({ import: { file: '台账.xlsx', sheet: '台账', row: 3 } }) });
    });
    it('when the same ledger is checked again, each row says which existing item it would duplicate', async () => {
      const body = (await importXlsx(t, 'supervisor', await file(), '?dryRun=true')).json();
      expect(body).toMatchObject({ ok: true, errorCount: 0 });
      expect(body.rows.map((r: { warnings: string[] }) => r.warnings.find((w) => w.includes('重复')))).toEqual([
        '该单位已有相同问题的事项 2026-公安-001，导入将重复建账',
        expect.stringMatching(/^该单位已有相同问题的事项 2026-财政-\d{3}，导入将重复建账$/),
        expect.stringMatching(/^该单位已有相同问题的事项 2026-档案-\d{3}，导入将重复建账$/),
      ]);
      expect(body.rows.map((r: { existing?: { code: string } }) => r.existing?.code.slice(0, 7))).toEqual(['2026-公安', '2026-财政', '2026-档案']);
    });
  });

  it('when a row’s deadline has already passed, the dry run warns and the row can still be imported', async () => {
    const file = await xlsx({
      台账: [
        ['所属单位', '问题来源', '问题描述', '整改时限'],
        ['江川市公安局党委', '上级点评', '上年度遗留问题：警务公开栏更新不及时。', '2026-03-31'],
        ['江川市公安局党委', '上级点评', '上年度遗留问题：党员积分管理不严格。', '2026-05-10'],
      ],
    });
    const body = (await importXlsx(t, 'supervisor', file, '?dryRun=true')).json();
    expect(body).toMatchObject({ ok: true, errorCount: 0 });
    expect(body.rows.map((r: { warnings: string[] }) => r.warnings)).toEqual([['整改时限 2026-03-31 已过（今天 2026-05-10），导入后即为逾期'], []]);
  });

  describe('layouts ledgers really come in', () => {
    it('when each organization has its own sheet with other header names, rows take the sheet’s organization', async () => {
      const file = await xlsx({
        公安: [
          ['存在的问题', '整改举措', '完成时限', '具体责任人'],
          ['执法执勤中党员先锋作用发挥不充分。', '设立党员示范岗', '2026/9/1', '刘警官'],
        ],
        Sheet2: [
          ['江川市财政局机关党委问题整改台账'],
          ['问题表现', '完成期限'],
          ['预算单位党建考核结果运用不充分。', '2026.10.15'],
        ],
        填写说明: [['本表由各单位填写后报工委组织科。']],
      });
      const body = (await importXlsx(t, 'supervisor', file, '?dryRun=true&source=self_inspection')).json();
      expect(body.errors).toEqual([]);
      expect(body.rows.map((r: { orgName: string; deadline: string; sheet: string }) => [r.sheet, r.orgName, r.deadline])).toEqual([
        ['公安', '江川市公安局党委', '2026-09-01'],
        ['Sheet2', '江川市财政局机关党委', '2026-10-15'],
      ]);
      expect(body.sheets.find((s: { name: string }) => s.name === '填写说明')).toMatchObject({ headerRow: null, skipped: '没有找到表头' });
      expect(body.sheets[0].columns).toEqual(expect.arrayContaining([{ column: 'A', header: '存在的问题', field: 'description', imported: true }]));
    });

    it('when the organization is a merged cell over its rows, every row gets it; a merged problem keeps the measures of each row', async () => {
      const file = await xlsx(
        {
          台账: [
            ['所属单位', '问题描述', '整改措施', '整改时限'],
            ['江川市教育局党组', '青年教师中发展党员偏少。', '建立入党积极分子培养台账', '2026-11-30'],
            [null, null, '每季度分析一次发展党员情况', null],
            [null, '支部书记培训覆盖不全。', '开展支部书记轮训', '2026-12-31'],
            ['江川市统计局党支部', '统计数据质量与党建结合不紧。', '开展“党员数据质量责任岗”', '2026-09-30'],
          ],
        },
        (wb) => {
          const sheet = wb.getWorksheet('台账')!;
          sheet.mergeCells('A2:A4');
          sheet.mergeCells('B2:B3');
          sheet.mergeCells('D2:D3');
        },
      );
      const body = (await importXlsx(t, 'supervisor', file, '?dryRun=true&source=review')).json();
      expect(body.errors).toEqual([]);
      expect(body.rows.map((r: { orgName: string; measureCount: number; row: number }) => [r.row, r.orgName, r.measureCount])).toEqual([
        [2, '江川市教育局党组', 2],
        [4, '江川市教育局党组', 1],
        [5, '江川市统计局党支部', 1],
      ]);
    });

    it('when the header takes two rows (责任人 over 责任领导 | 具体责任人), the lower row names the columns', async () => {
      const file = await xlsx(
        {
          台账: [
            ['序号', '单位', '问题描述', '责任人', null, '完成时限'],
            [null, null, null, '责任领导', '具体责任人', null],
            [1, '统计', '统计执法检查中廉洁提醒不到位。', '周局长', '吴科长', '2026年12月31日前'],
          ],
        },
        (wb) => wb.getWorksheet('台账')!.mergeCells('D1:E1'),
      );
      const body = (await importXlsx(t, 'supervisor', file, '?source=special_check')).json();
      expect(body).toMatchObject({ ok: true, created: 1 });
      const [row] = await t.db.select().from(items).where(eq(items.id, body.rows[0].itemId));
      expect(row).toMatchObject({ responsibleLeader: '周局长', responsiblePerson: '吴科长', deadline: '2026-12-31', source: 'special_check' });
    });

    it('when deadlines are written the many ways people write them, each is read and the loose ones say how', async () => {
      const dates = ['2026-08-31', '2026/8/31', '2026.8.31', '2026年8月31日', '20260831', '8月31日', '2026年8月底', '9月中旬', '年底', '长期坚持', 46265];
      const file = await xlsx({ 台账: [['所属单位', '问题描述', '整改时限'], ...dates.map((d, i) => ['档案', `问题${i + 1}`, d])] });
      const body = (await importXlsx(t, 'supervisor', file, '?dryRun=true&source=review')).json();
      expect(body.errors).toEqual([]);
      expect(body.rows.map((r: { deadline: string }) => r.deadline)).toEqual([
        '2026-08-31', '2026-08-31', '2026-08-31', '2026-08-31', '2026-08-31', '2026-08-31', '2026-08-31', '2026-09-20', '2026-12-31', '2026-12-31', '2026-08-31',
      ]);
      expect(body.rows[9]).toMatchObject({ type: 'long_term', warnings: [expect.stringContaining('长期坚持')] });
      expect(body.rows.slice(0, 5).every((r: { warnings: string[] }) => r.warnings.length === 0)).toBe(true);
      expect(body.rows[5].warnings[0]).toContain('未写年份');
    });

    it('when the file is linked to a review, every item names it and rows of organizations outside its committee are refused', async () => {
      const review = (await t.as('supervisor')({ method: 'POST', url: '/api/reviews', payload: { title: '公安系统巡察', kind: 'inspection_feedback', heldOn: '2026-04-20', committeeId: t.orgs.police } })).json();
      const file = await xlsx({ 台账: [['所属单位', '问题描述', '整改时限'], ['交警支队', '执勤点党员亮身份不到位。', '2026-07-31'], ['财政', '不相干。', '2026-07-31']] });
      const body = (await importXlsx(t, 'supervisor', file, `?dryRun=true&reviewId=${review.id}`)).json();
      expect(body.rows[0]).toMatchObject({ ok: true, source: 'review' });
      expect(body.errors).toEqual([expect.objectContaining({ code: 'review_org_mismatch', row: 3, column: 'A' })]);
    });
  });
});
