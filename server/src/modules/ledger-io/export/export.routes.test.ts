import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { fixedClock } from '../../../lib/clock.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { createItem, transition, uploadPdf } from '../../items/items.test-helpers.js';
import { closeItem } from '../../reviews/reviews.test-helpers.js';
import { ledgerColumns } from '../ledger-columns.js';
import { exportXlsx, readWorkbook, zipEntryText } from '../ledger-io.test-helpers.js';

const clock = fixedClock('2026-05-10T02:00:00Z');
const col = (field: string) => ledgerColumns.findIndex((c) => c.field === field) + 1;

describe('exporting the ledger', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await createTestApp({ clock });
    const categories = (await t.as('supervisor')({ method: 'GET', url: '/api/categories' })).json().items;
    ids.closed = (
      await createItem(t, {
        orgId: t.orgs.police,
        categoryId: categories[1].id,
        title: '理论学习不深入',
        description: '党委中心组学习以读文件为主，研讨不深入。',
        rootCause: '学习计划执行不严',
        target: '形成常态化学习机制',
        responsibleLeader: '王书记',
        responsiblePerson: '张明',
        remarks: '重点督办',
        deadline: '2026-06-30',
        measures: [{ content: '制定年度学习计划', responsiblePerson: '张明', deadline: '2026-05-31' }, { content: '每月集中研讨一次' }],
      })
    ).id;
    await closeItem(t, ids.closed);
    ids.red = (await createItem(t, { orgId: t.orgs.traffic, description: '执勤点党员亮身份不到位。', deadline: '2026-05-01' })).id;
    ids.yellow = (await createItem(t, { orgId: t.orgs.finance, description: '预算单位党建考核结果运用不充分。', deadline: '2026-05-14' })).id;
    ids.green = (await createItem(t, { orgId: t.orgs.archives, title: '+1 检查', description: '=SUM(A1:A9) 这样开头的文字', remarks: '@cmd', deadline: '2026-12-31' })).id;
    await t.as('branch')({ method: 'POST', url: `/api/items/${ids.red}/progress`, payload: { content: '已召开支部会议部署整改', entryDate: '2026-05-08', percent: 30 } });
    await uploadPdf(t, 'branch', ids.red, '支部会议记录.pdf');
  });
  afterAll(() => t.close());

  const sheetOf = async (query = '', as = 'supervisor') => (await readWorkbook(await exportXlsx(t, as, query))).getWorksheet('整改台账')!;
  const codesIn = (sheet: ExcelJS.Worksheet) => {
    const codes: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 3) codes.push(String(row.getCell(col('code')).value));
    });
    return codes;
  };

  it('when exported, it has the title row, the frozen canonical header, widths, and real dates', async () => {
    const res = await t.as('supervisor')({ method: 'GET', url: '/api/items/export.xlsx' });
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".*\.xlsx"; filename\*=UTF-8''/);
    const sheet = (await readWorkbook(res.rawPayload)).getWorksheet('整改台账')!;
    expect(sheet.getCell('A1').value).toBe('江川市直属机关工作委员会问题整改台账');
    expect(sheet.getCell('A1').isMerged && sheet.getCell('V1').isMerged).toBe(true);
    expect(String(sheet.getCell('A2').value)).toContain('共 4 条');
    expect(sheet.getRow(3).values).toEqual([undefined, ...ledgerColumns.map((c) => c.header)]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getColumn(col('description')).width).toBe(48);
    const rows = new Map(codesIn(sheet).map((code, i) => [code, sheet.getRow(i + 4)]));
    const closed = [...rows.values()].find((r) => r.getCell(col('title')).value === '理论学习不深入')!;
    expect(closed.getCell(col('deadline')).value).toEqual(new Date('2026-06-30T00:00:00Z'));
    expect(closed.getCell(col('deadline')).numFmt).toBe('yyyy-mm-dd');
    expect(closed.getCell(col('measures')).value).toBe('1. 制定年度学习计划（责任人：张明；完成时限：2026-05-31；状态：已完成）\n2. 每月集中研讨一次（状态：已完成）');
    expect(closed.getCell(col('closure')).value).toBe('已销号 2026-05-10');
    expect(closed.getCell(col('evidence')).value).toBe('整改佐证材料.pdf');
    expect(closed.getCell(col('reviewOpinion')).value).toBe('同意销号：同意销号');
    expect(closed.getCell(col('completedOn')).value).toEqual(new Date('2026-05-10T00:00:00Z'));
    expect(closed.getCell(col('source')).value).toBe('上级点评');
  });

  it('when an item is overdue, near its deadline or on time, the deadline cell is red, yellow or green; closed has none', async () => {
    const sheet = await sheetOf();
    const fillOf = (title: string) => {
      let found: ExcelJS.Fill | undefined;
      sheet.eachRow((row, n) => {
        if (n > 3 && row.getCell(col('description')).text.startsWith(title)) found = row.getCell(col('deadline')).fill;
      });
      return (found as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    };
    expect(fillOf('执勤点')).toBe('FFFFC7CE');
    expect(fillOf('预算单位')).toBe('FFFFEB9C');
    expect(fillOf('=SUM')).toBe('FFC6EFCE');
    expect(fillOf('党委中心组')).toBeUndefined();
    const red = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(col('description')).text.startsWith('执勤点'))!;
    expect(red.getCell(col('supervision')).value).toBe('逾期 9 天');
    expect(red.getCell(col('progress')).value).toBe('2026-05-08 已召开支部会议部署整改（30%）');
    expect(red.getCell(col('evidence')).value).toBe('支部会议记录.pdf');
  });

  it('when text starts with = + or @, it is written as text, never as a formula', async () => {
    const buffer = await exportXlsx(t, 'supervisor');
    const sheet = (await readWorkbook(buffer)).getWorksheet('整改台账')!;
    const row = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(col('remarks')).text === '@cmd')!;
    expect(row.getCell(col('description')).text).toBe('=SUM(A1:A9) 这样开头的文字');
    expect(row.getCell(col('description')).type).not.toBe(ExcelJS.ValueType.Formula);
    expect(row.getCell(col('title')).text).toBe('+1 检查');
    const xml = await zipEntryText(buffer, 'xl/worksheets/sheet1.xml');
    expect(xml).not.toContain('<f>');
    expect(xml).toMatch(/t="inlineStr"><is><t xml:space="preserve">=SUM\(A1:A9\) 这样开头的文字<\/t>/);
  });

  it('when the list is filtered, the export holds exactly the items the list shows', async () => {
    for (const query of ['?status=closed', '?light=red,yellow', '?overdue=false', `?orgId=${t.orgs.police}`, '?q=预算', '?deadlineFrom=2026-05-10&deadlineTo=2026-06-30']) {
      const list = (await t.as('supervisor')({ method: 'GET', url: `/api/items${query}&pageSize=200`.replace('?&', '?') })).json();
      expect(codesIn(await sheetOf(query)).sort()).toEqual(list.items.map((i: { code: string }) => i.code).sort());
    }
  });

  it('when a branch or a leader exports, each gets exactly their scope; another organization’s subtree answers 404', async () => {
    expect(codesIn(await sheetOf('', 'branch')).sort()).toEqual(['2026-交警支队-001', '2026-公安-001']);
    expect(codesIn(await sheetOf('', 'viewer'))).toHaveLength(4);
    const res = await t.as('branch')({ method: 'GET', url: `/api/items/export.xlsx?orgId=${t.orgs.finance}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('orgs.not_found');
  });

  it('when the query has a field the list does not know, it answers 400', async () => {
    expect((await t.as('supervisor')({ method: 'GET', url: '/api/items/export.xlsx?format=csv' })).statusCode).toBe(400);
  });

  it('when an item is being extended, the export says so in 督办情况', async () => {
    await transition(t, 'branch', ids.red, { action: 'request_extension', comment: '需协调场地', newDeadline: '2026-06-30' });
    const sheet = await sheetOf(`?orgId=${t.orgs.traffic}`);
    expect(sheet.getRow(4).getCell(col('supervision')).value).toBe('延期申请待审批（申请至 2026-06-30）\n逾期 9 天');
  });
});
