import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { fixedClock } from '../../lib/clock.js';
import { orgs } from '../orgs/orgs.table.js';
import { itemHistory, items } from './items.table.js';
import { createItem, transition, uploadPdf } from './items.test-helpers.js';

// 2026-09-01 00:30 in Shanghai is still 2026-08-31 in UTC: dates must follow the committee's zone.
const clock = fixedClock('2026-08-31T16:30:00Z');

describe('ledger items', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const list = async (as: string, query = '') => (await t.as(as)({ method: 'GET', url: `/api/items?pageSize=200${query}` })).json();

  describe('creating', () => {
    it('when a supervisor creates an item, it gets a code per organization and year, status issued, measures and a history row', async () => {
      const first = await createItem(t, {
        measures: [
          { content: '制定年度学习计划，每月集中学习一次', responsiblePerson: '张明', deadline: '2026-10-31' },
          { content: '开展学习成效测试', responsiblePerson: '李华' },
        ],
        responsibleLeader: '王书记',
      });
      const second = await createItem(t);
      expect(first.code).toBe('2026-公安-001');
      expect(second.code).toBe('2026-公安-002');
      expect(first).toMatchObject({ status: 'issued', orgName: '江川市公安局党委', version: 1, originalDeadline: '2026-12-31', light: 'green', title: '理论学习不够系统，学用结合不紧密' });
      expect(first.measures.map((m: { content: string }) => m.content)).toHaveLength(2);
      expect(first.history).toEqual([expect.objectContaining({ action: 'created', toStatus: 'issued', actorName: '李督办（工委组织科）' })]);
    });

    it('when a branch records a problem it found itself, it may; any other source is refused', async () => {
      const own = await createItem(t, { orgId: t.orgs.traffic, source: 'self_inspection' }, 'branch');
      expect(own.code).toBe('2026-交警支队-001');
      const res = await t.as('branch')({ method: 'POST', url: '/api/items', payload: { orgId: t.orgs.police, source: 'review', description: 'x', deadline: '2026-12-31', type: 'deadline' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('items.source_not_allowed');
    });

    it('when a branch creates for a sibling organization, it answers 404 and nothing is written', async () => {
      const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(items))[0].n;
      const res = await t.as('branch')({ method: 'POST', url: '/api/items', payload: { orgId: t.orgs.finance, source: 'self_inspection', description: 'x', deadline: '2026-12-31', type: 'deadline' } });
      expect(res.statusCode).toBe(404);
      expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(items))[0].n).toBe(before);
    });

    it('when a body tries to set status, version or createdBy, it answers 400 and nothing is written', async () => {
      for (const extra of [{ status: 'closed' }, { version: 9 }, { createdBy: 1 }]) {
        const res = await t.as('supervisor')({ method: 'POST', url: '/api/items', payload: { orgId: t.orgs.police, source: 'review', description: 'forged', deadline: '2026-12-31', type: 'deadline', ...extra } });
        expect(res.statusCode).toBe(400);
      }
      expect(await t.db.select().from(items).where(eq(items.description, 'forged'))).toEqual([]);
    });

    it.each(['viewer', 'admin'])('when %s tries to create, it is refused', async (as) => {
      const res = await t.as(as)({ method: 'POST', url: '/api/items', payload: { orgId: t.orgs.police, source: 'review', description: 'x', deadline: '2026-12-31', type: 'deadline' } });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('scope', () => {
    let policeItem: { id: number };
    let financeItem: { id: number };
    beforeAll(async () => {
      policeItem = await createItem(t, { orgId: t.orgs['police-office'], description: '支部“三会一课”记录不规范' });
      financeItem = await createItem(t, { orgId: t.orgs.finance, description: '财政局党建与业务融合不够' });
    });

    it('when a branch lists, it sees its subtree and never a sibling item, in rows and in the total', async () => {
      const mine = await list('branch');
      const ids = mine.items.map((i: { id: number }) => i.id);
      expect(ids).toContain(policeItem.id);
      expect(ids).not.toContain(financeItem.id);
      expect(mine.total).toBe(mine.items.length);
      expect(mine.items.every((i: { orgName: string }) => /公安|交警/.test(i.orgName))).toBe(true);
      const other = await list('branch2');
      expect(other.items.map((i: { id: number }) => i.id)).toEqual([financeItem.id]);
    });

    it('when a branch reads, edits, moves or searches for an item out of scope, it answers 404 or finds nothing', async () => {
      expect((await t.as('branch')({ method: 'GET', url: `/api/items/${financeItem.id}` })).statusCode).toBe(404);
      expect((await t.as('branch')({ method: 'GET', url: `/api/items/${financeItem.id}/history` })).statusCode).toBe(404);
      expect((await t.as('branch')({ method: 'PATCH', url: `/api/items/${financeItem.id}`, payload: { version: 1, rootCause: 'x' } })).statusCode).toBe(404);
      expect((await transition(t, 'branch2', financeItem.id, { action: 'start' })).statusCode).toBe(200);
      expect((await t.as('branch')({ method: 'POST', url: `/api/items/${financeItem.id}/transitions`, payload: { action: 'start', version: 2 } })).statusCode).toBe(404);
      expect((await t.as('branch')({ method: 'POST', url: `/api/items/${financeItem.id}/progress`, payload: { content: 'x' } })).statusCode).toBe(404);
      expect((await list('branch', `&q=${encodeURIComponent('财政局党建')}`)).total).toBe(0);
      expect((await list('branch', `&orgId=${t.orgs.finance}`))).toMatchObject({ error: { code: 'orgs.not_found' } });
    });

    it('when the viewer and the supervisor list, they see the whole committee', async () => {
      const all = await list('viewer');
      expect(all.items.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining([policeItem.id, financeItem.id]));
      expect((await list('supervisor')).total).toBe(all.total);
    });

    it('when a leaf organization gets one below it, its clerk lists the new organization’s items too, in rows and in the total', async () => {
      // branch2's organization has none below it, so its list is read by the organization's id (items.query.ts).
      expect((await list('branch2')).items.map((i: { id: number }) => i.id)).toEqual([financeItem.id]);
      const child = await t.as('admin')({ method: 'POST', url: '/api/orgs', payload: { parentId: t.orgs.finance, name: '财政局机关第一党支部', kind: 'branch' } });
      expect(child.statusCode).toBe(201);
      const below = await createItem(t, { orgId: child.json().id, description: '财政局第一支部组织生活不规范' });
      const mine = await list('branch2');
      expect(mine.items.map((i: { id: number }) => i.id).sort()).toEqual([financeItem.id, below.id].sort());
      expect(mine.total).toBe(2);
    });
  });

  describe('filters, sorting and pages', () => {
    beforeAll(async () => {
      const category = (await t.as('supervisor')({ method: 'GET', url: '/api/categories' })).json().items.find((c: { name: string }) => c.name === '作风建设');
      await createItem(t, { orgId: t.orgs.culture, description: '文化馆作风建设：服务群众意识不强', categoryId: category.id, deadline: '2026-08-20', responsiblePerson: '周敏' });
      await createItem(t, { orgId: t.orgs.culture, description: '文化馆阵地建设滞后', deadline: '2026-09-05', measures: [{ content: '改造党员活动室', responsiblePerson: '吴刚' }] });
      await createItem(t, { orgId: t.orgs.culture, description: '文化馆发展党员工作不规范', deadline: '2026-11-30', type: 'long_term' });
    });
    const culture = () => `&orgId=${t.orgs.culture}`;

    it('computes the light from the deadline in the committee time zone: red past due, yellow within 7 days, green after', async () => {
      const rows = (await list('supervisor', `${culture()}&sort=deadline`)).items;
      expect(rows.map((r: { deadline: string; light: string }) => [r.deadline, r.light])).toEqual([
        ['2026-08-20', 'red'],
        ['2026-09-05', 'yellow'],
        ['2026-11-30', 'green'],
      ]);
    });

    it('filters by light, overdue, category, type, responsible person, deadline range and text', async () => {
      const count = async (q: string) => (await list('supervisor', `${culture()}${q}`)).total;
      expect(await count('&light=red')).toBe(1);
      expect(await count('&light=red,yellow')).toBe(2);
      expect(await count('&overdue=true')).toBe(1);
      expect(await count('&overdue=false')).toBe(2);
      expect(await count('&type=long_term')).toBe(1);
      expect(await count(`&responsible=${encodeURIComponent('吴刚')}`)).toBe(1);
      expect(await count(`&responsible=${encodeURIComponent('周')}`)).toBe(1);
      expect(await count('&deadlineFrom=2026-09-01&deadlineTo=2026-10-01')).toBe(1);
      expect(await count(`&q=${encodeURIComponent('活动室')}`)).toBe(1);
      expect(await count(`&q=${encodeURIComponent('文化馆')}`)).toBe(3);
      expect(await count('&q=%25')).toBe(0);
      const categoryId = (await list('supervisor', `${culture()}&light=red`)).items[0].categoryId;
      expect(await count(`&categoryId=${categoryId}`)).toBe(1);
    });

    it('pages with a stable order and a total, and sorts both ways', async () => {
      const page1 = (await t.as('supervisor')({ method: 'GET', url: `/api/items?pageSize=2&page=1&sort=deadline&order=desc${culture()}` })).json();
      const page2 = (await t.as('supervisor')({ method: 'GET', url: `/api/items?pageSize=2&page=2&sort=deadline&order=desc${culture()}` })).json();
      expect(page1.total).toBe(3);
      expect(page1.items.map((i: { deadline: string }) => i.deadline)).toEqual(['2026-11-30', '2026-09-05']);
      expect(page2.items.map((i: { deadline: string }) => i.deadline)).toEqual(['2026-08-20']);
    });

    it('lists what waits for the committee: closure requests and extension requests', async () => {
      const closing = await createItem(t, { description: '学习记录不全', deadline: '2026-12-20' });
      await transition(t, 'branch', closing.id, { action: 'start' });
      await uploadPdf(t, 'branch', closing.id);
      expect((await transition(t, 'branch', closing.id, { action: 'request_closure', comment: '已补齐' })).statusCode).toBe(200);
      const extending = await createItem(t, { description: '制度汇编未完成', deadline: '2026-12-21' });
      expect((await transition(t, 'branch', extending.id, { action: 'request_extension', newDeadline: '2027-01-31', comment: '需上级审定' })).statusCode).toBe(200);
      const listed = async (q: string) => (await list('supervisor', q)).items as { id: number; status: string; pendingExtension: unknown }[];
      const closures = await listed('&awaiting=closure');
      expect(closures.map((i) => i.id)).toContain(closing.id);
      expect(closures.every((i) => i.status === 'closure_requested')).toBe(true);
      const extensions = await listed('&awaiting=extension');
      expect(extensions.map((i) => i.id)).toEqual(expect.arrayContaining([extending.id]));
      expect(extensions.map((i) => i.id)).not.toContain(closing.id);
      expect(extensions.every((i) => i.pendingExtension !== null)).toBe(true);
      expect((await t.as('supervisor')({ method: 'GET', url: '/api/items?awaiting=other' })).statusCode).toBe(400);
      await transition(t, 'supervisor', closing.id, { action: 'cancel', comment: '测试结束' });
      await transition(t, 'supervisor', extending.id, { action: 'cancel', comment: '测试结束' });
    });

    it('sorts by organization in tree order, comparing the ids in the path as numbers', async () => {
      const pathOf = new Map((await t.db.select({ id: orgs.id, path: orgs.path }).from(orgs)).map((o) => [o.id, o.path]));
      const rows = ((await list('supervisor', '&sort=org')).items as { orgId: number }[]).map((r) => ({ orgPath: pathOf.get(r.orgId)! }));
      const key = (path: string) => path.split('/').filter(Boolean).map(Number);
      const before = (a: number[], b: number[]) => {
        for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i];
        return a.length <= b.length;
      };
      expect(new Set(rows.map((r) => r.orgPath)).size).toBeGreaterThan(2);
      for (let i = 1; i < rows.length; i++) expect(before(key(rows[i - 1].orgPath), key(rows[i].orgPath)), `${rows[i - 1].orgPath} then ${rows[i].orgPath}`).toBe(true);
    });

    it('rejects an unknown sort key or filter with 400', async () => {
      expect((await t.as('supervisor')({ method: 'GET', url: '/api/items?sort=password' })).statusCode).toBe(400);
      expect((await t.as('supervisor')({ method: 'GET', url: '/api/items?owner=1' })).statusCode).toBe(400);
    });
  });

  describe('editing', () => {
    it('when the organization fills in its fields, they are saved with before/after in the history and the version moves on', async () => {
      const item = await createItem(t);
      const res = await t.as('branch')({
        method: 'PATCH',
        url: `/api/items/${item.id}`,
        payload: { version: 1, rootCause: '学习制度执行不严', measures: [{ content: '建立学习台账' }], responsiblePerson: '刘强' },
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ version: 2, rootCause: '学习制度执行不严', responsiblePerson: '刘强' });
      const updated = body.history.find((h: { action: string }) => h.action === 'updated');
      expect(updated.changes.rootCause).toEqual({ before: null, after: '学习制度执行不严' });
      expect(updated.changes.measures.after).toEqual([{ content: '建立学习台账', responsiblePerson: null, deadline: null }]);
    });

    it('when the organization tries to change the committee’s problem text, it is refused and the database is unchanged', async () => {
      const item = await createItem(t);
      const res = await t.as('branch')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: 1, description: '改写的问题', rootCause: 'x' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'items.field_not_allowed', details: { fields: ['description'] } });
      const [row] = await t.db.select().from(items).where(eq(items.id, item.id));
      expect(row).toMatchObject({ description: item.description, rootCause: null, version: 1 });
    });

    it('when the version is stale, it answers 409 and changes nothing', async () => {
      const item = await createItem(t);
      expect((await t.as('supervisor')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: 1, remarks: '第一次' } })).statusCode).toBe(200);
      const stale = await t.as('supervisor')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: 1, remarks: '第二次' } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('items.stale_version');
      const [row] = await t.db.select().from(items).where(eq(items.id, item.id));
      expect(row).toMatchObject({ remarks: '第一次', version: 2 });
    });

    it('when two edits race with the same version, exactly one wins', async () => {
      const item = await createItem(t);
      const results = await Promise.all(
        ['甲', '乙', '丙'].map((who) => t.as('supervisor')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: 1, remarks: who } })),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
      const [row] = await t.db.select().from(items).where(eq(items.id, item.id));
      expect(row.version).toBe(2);
      const updates = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, item.id));
      expect(updates.filter((h) => h.action === 'updated')).toHaveLength(1);
    });

    it('when work has started, the deadline can no longer be edited directly', async () => {
      const item = await createItem(t);
      await transition(t, 'branch', item.id, { action: 'start' });
      const res = await t.as('supervisor')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: 2, deadline: '2027-01-31' } });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('items.deadline_locked');
    });
  });

  describe('history', () => {
    it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
      const item = await createItem(t);
      await expect(t.db.execute(sql`UPDATE item_history SET comment = 'x' WHERE item_id = ${item.id}`)).rejects.toThrow();
      await expect(t.db.execute(sql`DELETE FROM item_history WHERE item_id = ${item.id}`)).rejects.toThrow();
      await expect(t.db.execute(sql`TRUNCATE item_history CASCADE`)).rejects.toThrow();
      expect(await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, item.id))).toHaveLength(1);
    });
  });
});
