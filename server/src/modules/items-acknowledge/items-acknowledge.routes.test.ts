import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { fixedClock } from '../../lib/clock.js';
import { itemHistory, items } from '../items/items.table.js';
import { createItem, transition } from '../items/items.test-helpers.js';

// Monday 7 September 2026, 10:00 in Shanghai.
const clock = fixedClock('2026-09-07T02:00:00Z');

describe('签收与异议', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const detail = async (as: string, id: number) => (await t.as(as)({ method: 'GET', url: `/api/items/${id}` })).json();
  const post = async (as: string, id: number, route: string, payload: Record<string, unknown>) => {
    const version = payload.version ?? (await detail('supervisor', id)).version;
    return t.as(as)({ method: 'POST', url: `/api/items/${id}/${route}`, payload: { ...payload, version } });
  };
  const object = (as: string, id: number, payload: Record<string, unknown> = {}) => post(as, id, 'objection', { kind: 'not_ours', reason: '该问题属于交警支队党委的工作范围。', ...payload });
  const historyRows = async (id: number) => t.db.select().from(itemHistory).where(eq(itemHistory.itemId, id)).orderBy(itemHistory.id);
  const inbox = async (as: string) => (await t.as(as)({ method: 'GET', url: '/api/notifications' })).json().items as { kind: string; itemId: number | null }[];

  it('when an item is created, it waits 待签收 and the clerk may sign for it or object, nothing else that starts work', async () => {
    const item = await createItem(t);
    expect(item).toMatchObject({ status: 'issued', acknowledgedAt: null, acknowledgedBy: null, objection: null, acknowledgeOverdue: false });
    expect((await detail('branch', item.id)).allowedActions).toEqual(expect.arrayContaining(['start', 'object']));
    expect((await detail('supervisor', item.id)).allowedActions).not.toContain('object');
  });

  it('when the clerk signs for an item (签收), it records who and when and the item is in progress', async () => {
    const item = await createItem(t);
    const res = await transition(t, 'branch', item.id, { action: 'start' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'in_progress', acknowledgedAt: expect.any(String), acknowledgeDue: null });
    const [branch] = await t.db.execute<{ id: number }>(sql`SELECT id FROM users WHERE username = 'branch'`).then((r) => r.rows);
    expect(body.acknowledgedBy).toBe(Number(branch.id));
    expect(body.history.at(-1)).toMatchObject({ action: 'start', fromStatus: 'issued', toStatus: 'in_progress' });
  });

  it('when the clerk objects with a kind and a reason, the item is 有异议, the history keeps the kind and the committee hears of it', async () => {
    const item = await createItem(t);
    const res = await object('branch', item.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'objected', objection: { kind: 'not_ours', reason: '该问题属于交警支队党委的工作范围。' } });
    expect((await historyRows(item.id)).at(-1)).toMatchObject({ action: 'object', fromStatus: 'issued', toStatus: 'objected', data: { kind: 'not_ours' } });
    expect(await inbox('supervisor')).toContainEqual(expect.objectContaining({ kind: 'item_objected', itemId: item.id }));
    expect((await detail('branch', item.id)).allowedActions).toEqual([]);
    expect((await detail('supervisor', item.id)).allowedActions).toEqual(expect.arrayContaining(['transfer', 'reject_objection', 'cancel']));
  });

  it('when an objection has no reason, an unknown kind, or the item is no longer 待签收, it is refused and nothing is written', async () => {
    const item = await createItem(t);
    const before = await historyRows(item.id);
    expect((await object('branch', item.id, { reason: '' })).statusCode).toBe(400);
    expect((await object('branch', item.id, { kind: 'too_busy' })).statusCode).toBe(400);
    expect((await object('branch', item.id, { reason: '   ' })).json().error.code).toBe('items.comment_required');
    await transition(t, 'branch', item.id, { action: 'start' });
    const late = await object('branch', item.id);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('items.illegal_transition');
    expect((await historyRows(item.id)).length).toBe(before.length + 1);
    expect((await detail('branch', item.id)).status).toBe('in_progress');
  });

  it('when a clerk objects to another organization’s item, it answers 404; a supervisor may not object at all', async () => {
    const item = await createItem(t);
    expect((await object('branch2', item.id)).statusCode).toBe(404);
    const bySupervisor = await object('supervisor', item.id);
    expect(bySupervisor.statusCode).toBe(403);
    expect(bySupervisor.json().error.code).toBe('auth.forbidden');
    expect((await detail('supervisor', item.id)).status).toBe('issued');
  });

  it('when an item is objected, the supervisor may correct it and the clerk may not change it', async () => {
    const item = await createItem(t);
    await object('branch', item.id, { kind: 'wording' });
    const current = await detail('supervisor', item.id);
    expect(current.editableFields).toContain('description');
    const edited = await t.as('supervisor')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: current.version, description: '个别支部理论学习计划执行不到位。', deadline: '2027-01-31' } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'objected', deadline: '2027-01-31' });
    expect((await detail('branch', item.id)).editableFields).toEqual([]);
    const byClerk = await t.as('branch')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: edited.json().version, remarks: '补充' } });
    expect(byClerk.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('when the supervisor transfers an objected item, the new organization sees it 待签收 and is told, the old one no longer sees it, the history names both', async () => {
    const item = await createItem(t);
    await object('branch', item.id);
    clock.set('2026-09-08T03:00:00Z');
    const res = await post('supervisor', item.id, 'transfer', { orgId: t.orgs.finance, comment: '经核实，转财政局机关党委办理。' });
    clock.set('2026-09-07T02:00:00Z');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'issued', orgId: t.orgs.finance, orgName: '江川市财政局机关党委', objection: null, issuedAt: '2026-09-08T03:00:00.000Z' });
    expect((await historyRows(item.id)).at(-1)).toMatchObject({
      action: 'transfer',
      fromStatus: 'objected',
      toStatus: 'issued',
      data: { fromOrgId: t.orgs.police, fromOrgName: '江川市公安局党委', toOrgId: t.orgs.finance, toOrgName: '江川市财政局机关党委' },
    });
    expect((await t.as('branch')({ method: 'GET', url: `/api/items/${item.id}` })).statusCode).toBe(404);
    const policeList = (await t.as('branch')({ method: 'GET', url: '/api/items?pageSize=200' })).json().items as { id: number }[];
    expect(policeList.map((i) => i.id)).not.toContain(item.id);
    const financeView = await detail('branch2', item.id);
    expect(financeView).toMatchObject({ status: 'issued', acknowledgeOverdue: false });
    expect(financeView.allowedActions).toEqual(expect.arrayContaining(['start', 'object']));
    expect(await inbox('branch2')).toContainEqual(expect.objectContaining({ kind: 'item_issued', itemId: item.id }));
  });

  it('when a transfer names the same organization, one outside the scope or none, or comes from a clerk, it is refused and the item stays', async () => {
    const item = await createItem(t);
    await object('branch', item.id);
    const same = await post('supervisor', item.id, 'transfer', { orgId: t.orgs.police });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.code).toBe('items.transfer_target_invalid');
    expect((await post('supervisor', item.id, 'transfer', { orgId: 999999 })).json().error.code).toBe('items.transfer_target_invalid');
    expect((await post('branch', item.id, 'transfer', { orgId: t.orgs.traffic })).statusCode).toBe(403);
    const [row] = await t.db.select({ orgId: items.orgId, status: items.status }).from(items).where(eq(items.id, item.id));
    expect(row).toEqual({ orgId: t.orgs.police, status: 'objected' });
  });

  it('when the supervisor rejects the objection with a reply, the item waits for 签收 again from now; without a reply it is refused', async () => {
    const item = await createItem(t);
    await object('branch', item.id, { kind: 'not_feasible', reason: '需待上级批复经费。' });
    expect((await post('supervisor', item.id, 'objection-reply', { comment: '' })).statusCode).toBe(400);
    const res = await post('supervisor', item.id, 'objection-reply', { comment: '该问题可先从制度层面整改，请签收。' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'issued', objection: null, issuedAt: '2026-09-07T02:00:00.000Z' });
    expect(res.json().history.at(-1)).toMatchObject({ action: 'reject_objection', fromStatus: 'objected', toStatus: 'issued', comment: '该问题可先从制度层面整改，请签收。' });
    expect(await inbox('branch')).toContainEqual(expect.objectContaining({ kind: 'item_issued', itemId: item.id }));
  });

  it('when the supervisor cancels an objected item, it is cancelled', async () => {
    const item = await createItem(t);
    await object('branch', item.id);
    const res = await transition(t, 'supervisor', item.id, { action: 'cancel', comment: '问题重复登记，予以撤销。' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('cancelled');
  });

  it('when the transitions route is asked for an objection, a transfer or a reply, it answers 400: they have routes of their own', async () => {
    const item = await createItem(t);
    for (const action of ['object', 'transfer', 'reject_objection']) expect((await transition(t, 'branch', item.id, { action, comment: 'x' })).statusCode).toBe(400);
  });

  it('when an item has waited past its working days, it is 逾期未签收: weekends do not count', async () => {
    // Issued on Tuesday 1 September: three working days end on Friday the 4th, so by Monday the 7th it is overdue.
    const late = await createItem(t);
    await t.db.update(items).set({ issuedAt: new Date('2026-09-01T02:00:00Z') }).where(eq(items.id, late.id));
    // Issued on Wednesday the 2nd: the third working day is Monday the 7th, today: still within its window.
    const onTime = await createItem(t);
    await t.db.update(items).set({ issuedAt: new Date('2026-09-02T02:00:00Z') }).where(eq(items.id, onTime.id));
    expect(await detail('branch', late.id)).toMatchObject({ acknowledgeDue: '2026-09-04', acknowledgeOverdue: true });
    expect(await detail('branch', onTime.id)).toMatchObject({ acknowledgeDue: '2026-09-07', acknowledgeOverdue: false });
    const listed = (await t.as('supervisor')({ method: 'GET', url: '/api/items?pageSize=200&status=issued' })).json().items as { id: number; acknowledgeOverdue: boolean }[];
    expect(listed.find((i) => i.id === late.id)?.acknowledgeOverdue).toBe(true);
    expect(listed.find((i) => i.id === onTime.id)?.acknowledgeOverdue).toBe(false);
  });

  it('when the window runs over National Day, it counts the calendar’s working days: the holiday is skipped and the make-up Saturday counts', async () => {
    // Issued on Wednesday 30 September 2026: 10-01…10-07 are off, so three working days are 10-08, 10-09 and Saturday 10-10.
    const item = await createItem(t);
    await t.db.update(items).set({ issuedAt: new Date('2026-09-30T02:00:00Z') }).where(eq(items.id, item.id));
    clock.set('2026-10-09T02:00:00Z');
    expect(await detail('branch', item.id)).toMatchObject({ acknowledgeDue: '2026-10-10', acknowledgeOverdue: false });
    clock.set('2026-10-11T02:00:00Z');
    expect(await detail('branch', item.id)).toMatchObject({ acknowledgeDue: '2026-10-10', acknowledgeOverdue: true });
    clock.set('2026-09-07T02:00:00Z');
  });
});
