import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { itemHistory, items } from '../items/items.table.js';
import { selfCheckAnswers, selfCheckRequests } from './self-checks.table.js';

const clock = fixedClock('2026-05-10T02:00:00Z');

interface Task {
  answerId: number;
  requestId: number;
  orgId: number;
  answer: string | null;
}

describe('举一反三: other organizations check themselves against one item’s problem', () => {
  let t: TestApp;
  let origin: { id: number; code: string };
  let request: { id: number; asked: number; answers: Array<{ orgId: number; answer: string | null }> };
  beforeAll(async () => {
    t = await createTestApp({ clock });
    origin = await createItem(t, { description: '三会一课记录不规范，组织生活会程序不完整。' });
  });
  afterAll(() => t.close());

  const as = (who: string) => t.as(who);
  const count = async (table: typeof selfCheckRequests | typeof selfCheckAnswers) => (await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n;
  const tasksOf = async (who: string, open = true) => (await as(who)({ method: 'GET', url: `/api/self-checks/tasks?open=${open}&pageSize=200` })).json().items as Task[];

  it('when the supervisor asks the origin organization’s siblings, every sibling gets an open request and the origin does not', async () => {
    const res = await as('supervisor')({ method: 'POST', url: `/api/items/${origin.id}/self-checks`, payload: { scope: 'siblings', deadline: '2026-06-30', note: '对照检查近一年支部会议记录' } });
    expect(res.statusCode).toBe(201);
    request = res.json();
    const asked = request.answers.map((a) => a.orgId);
    expect(asked).toContain(t.orgs.finance);
    expect(asked).not.toContain(t.orgs.police);
    expect(request.asked).toBe(asked.length);
    expect(request.answers.every((a) => a.answer === null)).toBe(true);
    const [entry] = await t.db.select().from(itemHistory).where(sql`${itemHistory.itemId} = ${origin.id} AND ${itemHistory.action} = 'self_check_requested'`);
    expect(entry.data).toMatchObject({ requestId: request.id, orgCount: asked.length });
  });

  it('when the request names the origin organization or a past deadline, it answers 400 and writes nothing', async () => {
    const before = [await count(selfCheckRequests), await count(selfCheckAnswers)];
    const cases = [
      [{ scope: 'chosen', orgIds: [t.orgs.police, t.orgs.finance], deadline: '2026-06-30' }, 'self_checks.orgs_invalid'],
      [{ scope: 'chosen', orgIds: [t.orgs.finance], deadline: '2026-05-01' }, 'self_checks.deadline_invalid'],
    ] as const;
    for (const [payload, code] of cases) {
      const res = await as('supervisor')({ method: 'POST', url: `/api/items/${origin.id}/self-checks`, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
    expect([await count(selfCheckRequests), await count(selfCheckAnswers)]).toEqual(before);
  });

  it('when an organization lists what it must answer, it sees only the requests addressed to its own subtree', async () => {
    const finance = await tasksOf('branch2');
    expect(finance.map((x) => x.orgId)).toEqual([t.orgs.finance]);
    const police = await tasksOf('branch');
    expect(police.filter((x) => x.requestId === request.id)).toEqual([]);
  });

  it('when another organization’s clerk answers a task that is not theirs, it answers 404 and nothing changes', async () => {
    const [task] = await tasksOf('branch2');
    const res = await as('branch')({ method: 'POST', url: `/api/self-checks/tasks/${task.answerId}/answer`, payload: { answer: 'absent', explanation: '不存在' } });
    expect(res.statusCode).toBe(404);
    const [row] = await t.db.select().from(selfCheckAnswers).where(eq(selfCheckAnswers.id, task.answerId));
    expect(row.answer).toBeNull();
  });

  it('when 存在 is answered, the organization gets its own item, issued, linked to the origin, and the origin’s page shows it', async () => {
    const [task] = await tasksOf('branch2');
    const res = await as('branch2')({ method: 'POST', url: `/api/self-checks/tasks/${task.answerId}/answer`, payload: { answer: 'exists', deadline: '2026-08-31' } });
    expect(res.statusCode).toBe(200);
    const itemId = res.json().task.itemId as number;
    const [item] = await t.db.select().from(items).where(eq(items.id, itemId));
    expect(item).toMatchObject({ orgId: t.orgs.finance, status: 'issued', source: 'self_inspection', deadline: '2026-08-31', description: '三会一课记录不规范，组织生活会程序不完整。' });
    const [created] = await t.db.select().from(itemHistory).where(sql`${itemHistory.itemId} = ${itemId} AND ${itemHistory.action} = 'created'`);
    expect(created.data).toMatchObject({ originItemId: origin.id, selfCheckRequestId: request.id });
    const page = (await as('supervisor')({ method: 'GET', url: `/api/items/${origin.id}/self-checks` })).json().items[0];
    const finance = page.answers.find((a: { orgId: number }) => a.orgId === t.orgs.finance);
    expect(finance).toMatchObject({ answer: 'exists', item: { id: itemId, status: 'issued' } });
    // The others have not answered: they are listed, and the request stays among the open ones.
    expect(page.answers.filter((a: { answer: string | null }) => a.answer === null).length).toBe(page.asked - 1);
    const open = (await as('supervisor')({ method: 'GET', url: '/api/self-checks?open=true' })).json();
    expect(open.items.map((r: { id: number }) => r.id)).toContain(request.id);
  });

  it('when the same organization answers again, it answers 409 and no second item is made', async () => {
    const [task] = await tasksOf('branch2', false);
    const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(items))[0].n;
    const res = await as('branch2')({ method: 'POST', url: `/api/self-checks/tasks/${task.answerId}/answer`, payload: { answer: 'exists' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('self_checks.already_answered');
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(items))[0].n).toBe(before);
  });

  it('when 不存在 is answered without an explanation, it is refused; with one, it is recorded and no item is made', async () => {
    const chosen = await as('supervisor')({ method: 'POST', url: `/api/items/${origin.id}/self-checks`, payload: { scope: 'chosen', orgIds: [t.orgs.traffic], deadline: '2026-06-30' } });
    expect(chosen.statusCode).toBe(201);
    const [task] = (await tasksOf('branch')).filter((x) => x.requestId === chosen.json().id);
    const refused = await as('branch')({ method: 'POST', url: `/api/self-checks/tasks/${task.answerId}/answer`, payload: { answer: 'absent', explanation: '  ' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('self_checks.explanation_required');
    const ok = await as('branch')({ method: 'POST', url: `/api/self-checks/tasks/${task.answerId}/answer`, payload: { answer: 'absent', explanation: '经查阅近一年会议记录，不存在此问题。' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().task).toMatchObject({ answer: 'absent', itemId: null, explanation: '经查阅近一年会议记录，不存在此问题。' });
  });

  it.each(['branch', 'viewer', 'admin'])('when %s tries to ask organizations, it is refused and nothing is written', async (who) => {
    const before = await count(selfCheckRequests);
    const res = await as(who)({ method: 'POST', url: `/api/items/${origin.id}/self-checks`, payload: { scope: 'siblings', deadline: '2026-06-30' } });
    expect(res.statusCode).toBe(403);
    expect(await count(selfCheckRequests)).toBe(before);
  });
});
