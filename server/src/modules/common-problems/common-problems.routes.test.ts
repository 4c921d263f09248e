import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { itemHistory, items } from '../items/items.table.js';
import { transition } from '../items/items.test-helpers.js';
import { closeItem } from '../reviews/reviews.test-helpers.js';
import { commonProblems } from './common-problems.table.js';

const clock = fixedClock('2026-05-10T02:00:00Z');

describe('common problems (共性问题)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const counts = async () => ({
    items: (await t.db.select({ n: sql<number>`count(*)::int` }).from(items))[0].n,
    problems: (await t.db.select({ n: sql<number>`count(*)::int` }).from(commonProblems))[0].n,
  });
  const batch = (payload: Record<string, unknown>, as = 'supervisor') =>
    t.as(as)({
      method: 'POST',
      url: '/api/items/batch',
      payload: { source: 'review', description: '“三会一课”记录不规范，会议内容与主题不符。', deadline: '2026-08-31', type: 'deadline', ...payload },
    });

  it('when a problem is issued to three organizations, each gets its own item linked to one common problem', async () => {
    const res = await batch({ orgIds: [t.orgs.police, t.orgs.finance, t.orgs.archives], measures: [{ content: '逐月检查会议记录' }] });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.items.map((i: { code: string }) => i.code)).toEqual(['2026-公安-001', '2026-财政-001', '2026-档案-001']);
    expect(body.commonProblem).toMatchObject({ title: '“三会一课”记录不规范，会议内容与主题不符', organizations: 3, rollup: { total: 3, open: 3, closed: 0 } });
    const rows = await t.db.select().from(items).where(eq(items.commonProblemId, body.commonProblem.id));
    expect(rows.map((r) => r.orgId).sort()).toEqual([t.orgs.police, t.orgs.finance, t.orgs.archives].sort());
    expect(rows.every((r) => r.status === 'issued' && r.deadline === '2026-08-31' && r.source === 'review')).toBe(true);
    const history = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, rows[0].id));
    expect(history).toEqual([expect.objectContaining({ action: 'created', data: expect.objectContaining({ commonProblemId: body.commonProblem.id }) })]);
    const detail = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${rows[0].id}` })).json();
    expect(detail.measures.map((m: { content: string }) => m.content)).toEqual(['逐月检查会议记录']);
  });

  it('when a problem is issued with 15 个工作日 from 签收, each organization’s deadline counts from the day it signs for its own item', async () => {
    // Sunday 10 May 2026: fifteen working days run to Friday 29 May; from Wednesday the 13th, to Wednesday 3 June.
    const res = await batch({ orgIds: [t.orgs.police, t.orgs.finance], description: '党员档案管理不规范。', deadline: '2026-05-29', deadlineWorkingDays: 15, deadlineBasis: 'acknowledge' });
    expect(res.statusCode).toBe(201);
    expect(res.json().commonProblem.deadline).toBe('2026-05-29');
    const ids = res.json().items.map((i: { id: number }) => i.id);
    const rows = await t.db.select().from(items).where(inArray(items.id, ids));
    expect(rows.map((r) => [r.deadline, r.deadlineWorkingDays, r.deadlineBasis, r.deadlineFrom])).toEqual([
      ['2026-05-29', 15, 'acknowledge', '2026-05-10'],
      ['2026-05-29', 15, 'acknowledge', '2026-05-10'],
    ]);
    clock.set('2026-05-13T02:00:00Z');
    try {
      const police = res.json().items.find((i: { orgId: number }) => i.orgId === t.orgs.police).id;
      expect((await transition(t, 'branch', police, { action: 'start' })).json()).toMatchObject({ deadline: '2026-06-03', deadlineCountedFrom: '2026-05-13' });
    } finally {
      clock.set('2026-05-10T02:00:00Z');
    }
    const finance = (await t.db.select().from(items).where(inArray(items.id, ids))).find((r) => r.orgId === t.orgs.finance);
    expect(finance).toMatchObject({ deadline: '2026-05-29', status: 'issued' });
  });

  it('when one organization is unknown or out of scope, it answers 404 and creates nothing', async () => {
    const before = await counts();
    expect((await batch({ orgIds: [t.orgs.police, 999999] })).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it.each(['branch', 'viewer', 'admin'])('when %s tries to issue a common problem, it is refused', async (as) => {
    expect((await batch({ orgIds: [t.orgs.police] }, as)).statusCode).toBe(403);
  });

  it('when the same organization appears twice, the body is refused', async () => {
    expect((await batch({ orgIds: [t.orgs.police, t.orgs.police] })).statusCode).toBe(400);
  });

  describe('roll-up', () => {
    let problemId: number;
    beforeAll(async () => {
      const res = await batch({ orgIds: [t.orgs.traffic, t.orgs['police-office'], t.orgs.finance, t.orgs.culture], description: '党员发展工作程序不规范。', deadline: '2026-05-31' });
      problemId = res.json().commonProblem.id;
      const rows = await t.db.select().from(items).where(eq(items.commonProblemId, problemId));
      await closeItem(t, rows.find((r) => r.orgId === t.orgs.traffic)!.id);
      clock.set('2026-06-03T02:00:00Z');
    });
    afterAll(() => clock.set('2026-05-10T02:00:00Z'));

    it('when one organization closed and the deadline passed, the roll-up counts the closure and names the overdue ones', async () => {
      const detail = (await t.as('supervisor')({ method: 'GET', url: `/api/common-problems/${problemId}` })).json();
      expect(detail.rollup).toEqual({ total: 4, open: 3, closed: 1, closedLate: 0, overdue: 3, cancelled: 0, completionRate: 0.25, onTimeRate: 0.25 });
      expect(detail.organizations).toBe(4);
      expect(detail.overdue.map((o: { orgName: string }) => o.orgName).sort()).toEqual(['市公安局机关第一党支部', '江川市文化馆党支部', '江川市财政局机关党委'].sort());
      expect(detail.items.find((o: { orgId: number }) => o.orgId === t.orgs.traffic)).toMatchObject({ status: 'closed', closedOn: '2026-05-10', closedLate: false, light: null });
    });

    it('when a branch looks, it sees only its own organizations’ rows and counts', async () => {
      const police = (await t.as('branch')({ method: 'GET', url: `/api/common-problems/${problemId}` })).json();
      expect(police.items.map((o: { orgId: number }) => o.orgId).sort()).toEqual([t.orgs.traffic, t.orgs['police-office']].sort());
      expect(police.rollup).toMatchObject({ total: 2, closed: 1, overdue: 1 });
      const finance = (await t.as('branch2')({ method: 'GET', url: `/api/common-problems/${problemId}` })).json();
      expect(finance.items.map((o: { orgId: number }) => o.orgId)).toEqual([t.orgs.finance]);
    });

    it('when a common problem has nothing in a branch’s scope, the branch gets 404 and no list entry', async () => {
      const other = (await batch({ orgIds: [t.orgs.culture, t.orgs.archives] })).json().commonProblem.id;
      expect((await t.as('branch')({ method: 'GET', url: `/api/common-problems/${other}` })).statusCode).toBe(404);
      const list = (await t.as('branch')({ method: 'GET', url: '/api/common-problems?pageSize=100' })).json();
      expect(list.items.map((p: { id: number }) => p.id)).not.toContain(other);
      expect(list.items.map((p: { id: number }) => p.id)).toContain(problemId);
      const all = (await t.as('viewer')({ method: 'GET', url: '/api/common-problems?pageSize=100' })).json();
      expect(all.items.find((p: { id: number }) => p.id === problemId)).toMatchObject({ organizations: 4, rollup: { closed: 1, overdue: 3 } });
    });

    it('when the ledger is filtered by the common problem, it lists exactly its items', async () => {
      const list = (await t.as('supervisor')({ method: 'GET', url: `/api/items?commonProblemId=${problemId}&pageSize=100` })).json();
      expect(list.total).toBe(4);
    });
  });
});
