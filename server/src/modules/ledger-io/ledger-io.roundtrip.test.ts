import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { ItemListQuery } from '@rectify/shared';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { categories } from '../categories/categories.table.js';
import { createItem } from '../items/items.test-helpers.js';
import { itemAssistOrgs } from '../items-assist/items-assist.table.js';
import { itemMeasures, items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { importColumns, ledgerColumns } from './ledger-columns.js';
import { exportRows } from './export/export.rows.js';
import { exportXlsx, importXlsx, readWorkbook, xlsx } from './ledger-io.test-helpers.js';

const clock = fixedClock('2026-05-10T02:00:00Z');

/** Every item of a database as the ledger knows it, keyed by code, with names instead of ids. */
async function ledgerOf(t: TestApp) {
  const [rows, measures, orgRows, categoryRows, assists] = await Promise.all([
    t.db.select().from(items).orderBy(asc(items.id)),
    t.db.select().from(itemMeasures).orderBy(asc(itemMeasures.itemId), asc(itemMeasures.seq)),
    t.db.select().from(orgs),
    t.db.select().from(categories),
    t.db.select().from(itemAssistOrgs),
  ]);
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  const categoryName = new Map(categoryRows.map((c) => [c.id, c.name]));
  return new Map(
    rows.map((i) => [
      i.code,
      {
        org: orgName.get(i.orgId),
        source: i.source,
        category: i.categoryId ? categoryName.get(i.categoryId) : null,
        title: i.title,
        description: i.description,
        rootCause: i.rootCause,
        target: i.target,
        responsibleLeader: i.responsibleLeader,
        responsiblePerson: i.responsiblePerson,
        deadline: i.deadline,
        workingDays: [i.deadlineWorkingDays, i.deadlineBasis, i.deadlineFrom, i.deadlineProvisional],
        assistOrgs: assists.filter((a) => a.itemId === i.id).map((a) => orgName.get(a.orgId)).sort(),
        status: i.status,
        type: i.type,
        remarks: i.remarks,
        measures: measures.filter((m) => m.itemId === i.id).map((m) => [m.content, m.responsiblePerson, m.deadline]),
      },
    ]),
  );
}

describe('export, then import: the same ledger', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestApp({ clock }), createTestApp({ clock })]);
    const categoryIds = (await a.as('supervisor')({ method: 'GET', url: '/api/categories' })).json().items.map((c: { id: number }) => c.id);
    await createItem(a, {
      orgId: a.orgs.police,
      categoryId: categoryIds[0],
      title: '政治站位不够高',
      description: '第一段。\n第二段，含“引号”、英文 quotes "x" 和 <尖括号> & 符号。',
      rootCause: '思想认识不到位',
      target: '年底前建立长效机制',
      responsibleLeader: '王书记',
      responsiblePerson: '张明',
      remarks: '=HYPERLINK("http://example.invalid")',
      deadline: '2026-09-30',
      type: 'long_term',
      measures: [
        { content: '制定学习计划', responsiblePerson: '张明', deadline: '2026-06-30' },
        { content: '开展专题研讨\n形成研讨纪要', responsiblePerson: null, deadline: '2026-07-31' },
        { content: '+ 按月通报', responsiblePerson: '李华' },
      ],
    });
    // 工作日时限 and 协办 go out in their own columns and come back as they were.
    await createItem(a, { orgId: a.orgs.finance, description: '预算执行中党建经费使用不规范。', deadlineWorkingDays: 15, assistOrgIds: [a.orgs.police, a.orgs.traffic] });
    await createItem(a, { orgId: a.orgs.education, description: '校园党建工作台账不健全。', deadlineWorkingDays: 20, deadlineBasis: 'acknowledge' });
    await createItem(a, { orgId: a.orgs.traffic, source: 'self_inspection', description: '-执勤点党员亮身份不到位', deadline: '2026-05-01', type: 'immediate' }, 'branch');
    await createItem(a, { orgId: a.orgs.crops, source: 'inspection', categoryId: categoryIds[4], description: '科研团队党员先锋岗作用发挥不明显。', deadline: '2026-12-31' });
    // More rows, created through the import itself.
    const rows = Array.from({ length: 60 }, (_, i) => [
      ['公安', '财政', '教育', '卫健', '中院'][i % 5],
      ['上级点评', '专项检查', '群众评议'][i % 3],
      `第 ${i + 1} 个问题：支部工作记录不完整。`,
      `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      `1. 措施甲（责任人：人员${i % 7}）\n2. 措施乙`,
    ]);
    const res = await importXlsx(a, 'supervisor', await xlsx({ 台账: [['所属单位', '问题来源', '问题描述', '整改时限', '整改措施'], ...rows] }));
    if (res.statusCode !== 200) throw new Error(res.body);
  }, 180_000);
  afterAll(() => Promise.all([a.close(), b.close()]));

  it('when a full export is imported into another database, every item comes back field for field, with the same codes', async () => {
    const exported = await exportXlsx(a, 'supervisor');
    const res = await importXlsx(b, 'supervisor', exported);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, created: 65 });
    expect(await ledgerOf(b)).toEqual(await ledgerOf(a));
  });

  it('when the re-imported ledger is exported again, its importable columns match the first export cell by cell', async () => {
    const first = (await readWorkbook(await exportXlsx(a, 'supervisor'))).getWorksheet('整改台账')!;
    const second = (await readWorkbook(await exportXlsx(b, 'supervisor'))).getWorksheet('整改台账')!;
    expect(second.rowCount).toBe(first.rowCount);
    const columns = [...importColumns.map((c) => c.field), 'code'].map((f) => ledgerColumns.findIndex((c) => c.field === f) + 1);
    for (let r = 3; r <= first.rowCount; r++) {
      for (const c of columns) expect(second.getRow(r).getCell(c).text, `row ${r} column ${c}`).toBe(first.getRow(r).getCell(c).text);
    }
  });

  it('when the export spans several pages in any order, no item is lost or repeated and the order holds', async () => {
    const light = { today: '2026-05-10', yellowDays: 7 };
    const [root] = await a.db.select().from(orgs).where(eq(orgs.id, a.orgs.committee));
    for (const query of [{}, { sort: 'deadline', order: 'desc' }, { sort: 'createdAt' }, { sort: 'code', order: 'desc', status: 'issued' }] as ItemListQuery[]) {
      const seen: Array<{ code: string; deadline: string }> = [];
      for await (const page of exportRows(a.db, { query, scopePath: root.path, light, batchSize: 7 })) {
        expect(page.length).toBeLessThanOrEqual(7);
        seen.push(...page.map((r) => ({ code: r.item.code, deadline: r.item.deadline })));
      }
      const qs = new URLSearchParams(query as Record<string, string>).toString();
      const total = (await a.as('supervisor')({ method: 'GET', url: `/api/items?pageSize=1&${qs}` })).json().total;
      expect(seen).toHaveLength(total);
      expect(new Set(seen.map((r) => r.code)).size).toBe(total);
      if (query.sort === 'deadline') expect(seen.map((r) => r.deadline)).toEqual(seen.map((r) => r.deadline).sort().reverse());
      if (query.sort === 'code') expect(seen.map((r) => r.code)).toEqual(seen.map((r) => r.code).sort().reverse());
    }
  });
});
