import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { fixedClock } from '../../../lib/clock.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { itemAssistOrgs } from '../../items-assist/items-assist.table.js';
import { items } from '../../items/items.table.js';
import { importXlsx, readWorkbook, xlsx } from '../ledger-io.test-helpers.js';

// 10:00 on Monday 9 February 2026 in Shanghai: fifteen working days run across the Spring Festival to Friday 6 March.
const clock = fixedClock('2026-02-09T02:00:00Z');
const header = ['所属单位', '协办单位', '问题来源', '问题描述', '整改时限', '工作日时限'];

describe('importing 工作日时限 and 主办/协办', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const check = async (rows: unknown[][], query = '?dryRun=true') => {
    const res = await importXlsx(t, 'supervisor', await xlsx({ 台账: [header, ...rows] }), query);
    return { status: res.statusCode, body: res.json() };
  };

  it('when a row gives 15个工作日 instead of a date, the deadline is resolved from the day of import across the Spring Festival and both are kept', async () => {
    const { status, body } = await check(
      [
        ['公安', '', '上级点评', '学习制度执行不到位。', '', '15个工作日'],
        // Ten working days end on the make-up Saturday 02-28.
        ['财政', '', '上级点评', '发展党员程序不规范。', '10个工作日内', ''],
        ['教育', '', '上级点评', '组织生活会质量不高。', '2026-03-31', 15],
      ],
      '',
    );
    expect(status).toBe(200);
    expect(body.rows.map((r: { deadline: string; deadlineWorkingDays?: number }) => [r.deadline, r.deadlineWorkingDays])).toEqual([
      ['2026-03-06', 15],
      ['2026-02-28', 10],
      ['2026-03-06', 15],
    ]);
    // Both given and different: the working days win, and the row says so.
    expect(body.rows[2].warnings).toContainEqual(expect.stringContaining('整改时限 2026-03-31 与15个工作日'));
    const created = await t.db.select().from(items).where(inArray(items.id, body.rows.map((r: { itemId: number }) => r.itemId)));
    expect(created.map((i) => [i.deadline, i.originalDeadline, i.deadlineWorkingDays, i.deadlineBasis, i.deadlineFrom, i.deadlineProvisional, i.status])).toEqual(
      expect.arrayContaining([['2026-03-06', '2026-03-06', 15, 'issue', '2026-02-09', false, 'issued']]),
    );
  });

  it('when a row counts its working days from 签收, the item keeps that basis and its date is counted again when it is signed for', async () => {
    const { status, body } = await check(
      [
        ['公安', '', '上级点评', '值班备勤制度执行不严。', '', '自签收之日起15个工作日'],
        ['财政', '', '上级点评', '党费收缴台账不规范。', '签收后15个工作日内', ''],
      ],
      '',
    );
    expect(status).toBe(200);
    expect(body.rows.map((r: { deadline: string; deadlineWorkingDays?: number; deadlineBasis?: string }) => [r.deadline, r.deadlineWorkingDays, r.deadlineBasis])).toEqual([
      ['2026-03-06', 15, 'acknowledge'],
      ['2026-03-06', 15, 'acknowledge'],
    ]);
    expect(body.rows[0].warnings).toContainEqual(expect.stringContaining('签收前暂按今天（2026-02-09）签收推算为 2026-03-06'));
    const id = body.rows[0].itemId;
    const [row] = await t.db.select().from(items).where(eq(items.id, id));
    expect(row).toMatchObject({ deadlineWorkingDays: 15, deadlineBasis: 'acknowledge', deadlineFrom: '2026-02-09' });
    clock.set('2026-02-13T02:00:00Z');
    try {
      const version = (await t.as('branch')({ method: 'GET', url: `/api/items/${id}` })).json().version;
      const signed = await t.as('branch')({ method: 'POST', url: `/api/items/${id}/transitions`, payload: { action: 'start', version } });
      expect(signed.json()).toMatchObject({ deadline: '2026-03-12', deadlineCountedFrom: '2026-02-13' });
    } finally {
      clock.set('2026-02-09T02:00:00Z');
    }
  });

  it('when imported items are read, they wait for 签收 (待签收) with a due day, like any new item', async () => {
    const { body } = await check([['公安', '', '上级点评', '台账资料归档不及时。', '2026-06-30', '']], '');
    const detail = (await t.as('branch')({ method: 'GET', url: `/api/items/${body.rows[0].itemId}` })).json();
    expect(detail).toMatchObject({ status: 'issued', acknowledgeDue: expect.any(String), acknowledgeOverdue: false });
    expect(detail.allowedActions).toEqual(expect.arrayContaining(['start', 'object']));
  });

  it('when the working days run into a year with no calendar, the deadline is flagged provisional, never silently counted', async () => {
    clock.set('2026-12-21T02:00:00Z');
    try {
      const { body } = await check([['公安', '', '上级点评', '跨年的整改事项。', '', '15个工作日']], '');
      expect(body.rows[0]).toMatchObject({ deadlineWorkingDays: 15, deadlineProvisional: true });
      expect(body.rows[0].warnings).toContainEqual(expect.stringContaining('2027 年的工作日历尚未载入'));
      const [row] = await t.db.select().from(items).where(eq(items.id, body.rows[0].itemId));
      expect(row).toMatchObject({ deadlineWorkingDays: 15, deadlineProvisional: true });
      expect((await t.as('supervisor')({ method: 'GET', url: `/api/items/${row.id}` })).json()).toMatchObject({ deadlineProvisional: true });
    } finally {
      clock.set('2026-02-09T02:00:00Z');
    }
  });

  it('when a row names 协办单位 separated by 、, they become the item’s assisting organizations', async () => {
    const { status, body } = await check([['公安', '财政、交警支队', '上级点评', '警务保障经费使用不规范。', '2026-06-30', '']], '');
    expect(status).toBe(200);
    const assists = await t.db.select().from(itemAssistOrgs).where(eq(itemAssistOrgs.itemId, body.rows[0].itemId));
    expect(assists.map((a) => a.orgId).sort()).toEqual([t.orgs.finance, t.orgs.traffic].sort());
  });

  it('when a 协办 name is unknown or is the lead, or the working days cannot be read, the row is refused in Chinese', async () => {
    const { body } = await check([
      ['公安', '财政、水务局', '上级点评', '问题一。', '2026-06-30', ''],
      ['公安', '公安', '上级点评', '问题二。', '2026-06-30', ''],
      ['公安', '', '上级点评', '问题三。', '', '三周'],
      ['公安', '', '上级点评', '问题四。', '', '300个工作日'],
    ]);
    expect(body.ok).toBe(false);
    expect(body.errors.map((e: { code: string; row: number; header: string; value?: string }) => [e.code, e.row, e.header, e.value])).toEqual([
      ['assist_org_unknown', 2, '协办单位', '水务局'],
      ['assist_org_is_lead', 3, '协办单位', '公安'],
      ['working_days_invalid', 4, '工作日时限', '三周'],
      ['working_days_invalid', 5, '工作日时限', '300个工作日'],
    ]);
    expect(body.errors[0].message).toContain('协办单位不存在');
  });

  it('when the template is downloaded, it has the 协办单位 and 工作日时限 columns and explains them', async () => {
    const res = await t.as('supervisor')({ method: 'GET', url: '/api/items/import-template.xlsx' });
    const workbook = await readWorkbook(res.rawPayload);
    const headers = workbook.getWorksheet('台账')!.getRow(2).values as string[];
    expect(headers).toEqual(expect.arrayContaining(['所属单位', '协办单位', '整改时限', '工作日时限']));
    const help = workbook.getWorksheet('填写说明')!.getColumn(1).values;
    expect(help).toEqual(expect.arrayContaining(['协办单位', '工作日时限']));
  });
});
