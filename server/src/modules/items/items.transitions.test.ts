import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { fixedClock } from '../../lib/clock.js';
import { itemHistory, items } from './items.table.js';
import { users } from '../users/users.table.js';
import { createItem, transition, uploadPdf } from './items.test-helpers.js';

const clock = fixedClock('2026-06-15T02:00:00Z');

describe('the closure workflow through the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const code = (res: { json(): { error?: { code: string } } }) => res.json().error?.code;

  it('when a branch works an item to the end, each step is recorded and the supervisor closes it on time', async () => {
    const item = await createItem(t, { deadline: '2026-08-31' });
    expect(code(await transition(t, 'branch', item.id, { action: 'request_closure', comment: '已完成' }))).toBe('items.illegal_transition');

    const progress = await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/progress`, payload: { content: '已召开专题会议研究整改', percent: 30 } });
    expect(progress.statusCode).toBe(201);
    expect(progress.json().item.status).toBe('in_progress');

    expect(code(await transition(t, 'branch', item.id, { action: 'request_closure', comment: '整改完成' }))).toBe('items.evidence_required');
    expect((await uploadPdf(t, 'branch', item.id)).statusCode).toBe(201);
    expect(code(await transition(t, 'branch', item.id, { action: 'request_closure', comment: ' ' }))).toBe('items.comment_required');

    const requested = await transition(t, 'branch', item.id, { action: 'request_closure', comment: '整改措施已全部落实' });
    expect(requested.statusCode).toBe(200);
    expect(requested.json()).toMatchObject({ status: 'closure_requested', completionNote: '整改措施已全部落实', completedOn: '2026-06-15' });

    const returned = await transition(t, 'supervisor', item.id, { action: 'reject_closure', comment: '缺少会议记录' });
    expect(returned.json()).toMatchObject({ status: 'in_progress' });
    await transition(t, 'branch', item.id, { action: 'request_closure', comment: '已补充会议记录' });
    const closed = await transition(t, 'supervisor', item.id, { action: 'approve_closure', comment: '同意销号' });
    expect(closed.json()).toMatchObject({ status: 'closed', light: null, closedLate: false });

    const history = (await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, item.id))).map((h) => [h.action, h.fromStatus, h.toStatus]);
    expect(history).toEqual([
      ['created', null, 'issued'],
      ['start', 'issued', 'in_progress'],
      ['progress_added', null, null],
      ['evidence_added', null, null],
      ['request_closure', 'in_progress', 'closure_requested'],
      ['reject_closure', 'closure_requested', 'in_progress'],
      ['request_closure', 'in_progress', 'closure_requested'],
      ['approve_closure', 'closure_requested', 'closed'],
    ]);
    const rejection = (await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, item.id))).find((h) => h.action === 'reject_closure');
    expect(rejection?.comment).toBe('缺少会议记录');
  });

  it('when an item closes after its deadline day, it counts as closed late (逾期销号)', async () => {
    const item = await createItem(t, { deadline: '2026-06-20' });
    await transition(t, 'branch', item.id, { action: 'start' });
    await uploadPdf(t, 'branch', item.id);
    await transition(t, 'branch', item.id, { action: 'request_closure', comment: '完成' });
    clock.set('2026-06-20T15:59:00Z'); // 23:59 on the deadline day in Shanghai: still on time, not yet red
    expect((await t.as('supervisor')({ method: 'GET', url: `/api/items/${item.id}` })).json().light).toBe('yellow');
    clock.set('2026-06-20T16:01:00Z'); // 00:01 the next day in Shanghai
    expect((await t.as('supervisor')({ method: 'GET', url: `/api/items/${item.id}` })).json().light).toBe('red');
    const closed = await transition(t, 'supervisor', item.id, { action: 'approve_closure' });
    expect(closed.json()).toMatchObject({ status: 'closed', closedLate: true });
    clock.set('2026-06-15T02:00:00Z');
  });

  it('when the one who requested closure has since become a supervisor, they still cannot approve their own request', async () => {
    const item = await createItem(t);
    await transition(t, 'branch', item.id, { action: 'start' });
    await uploadPdf(t, 'branch', item.id);
    await transition(t, 'branch', item.id, { action: 'request_closure', comment: '完成' });
    const branchId = (await t.login('branch')).user.id;
    await t.as('admin')({ method: 'PATCH', url: `/api/users/${branchId}`, payload: { role: 'supervisor', orgId: t.orgs.committee } });
    t.forget('branch');
    const res = await transition(t, 'branch', item.id, { action: 'approve_closure' });
    expect(res.statusCode).toBe(403);
    expect(code(res)).toBe('items.requester_cannot_approve');
    const [row] = await t.db.select().from(items).where(eq(items.id, item.id));
    expect(row.status).toBe('closure_requested');
    await t.as('admin')({ method: 'PATCH', url: `/api/users/${branchId}`, payload: { role: 'branch', orgId: t.orgs.police } });
    t.forget('branch');
  });

  it('when extensions are requested, the approved one moves the deadline and counts; past the cap they are refused', async () => {
    await t.as('admin')({ method: 'PUT', url: '/api/settings', payload: { extensionCap: 1 } });
    const item = await createItem(t, { deadline: '2026-07-31' });
    expect(code(await transition(t, 'branch', item.id, { action: 'request_extension', newDeadline: '2026-07-01', comment: '需要更多时间' }))).toBe('items.deadline_invalid');
    const requested = await transition(t, 'branch', item.id, { action: 'request_extension', newDeadline: '2026-09-30', comment: '需协调上级部门' });
    expect(requested.json().pendingExtension).toMatchObject({ deadline: '2026-09-30', reason: '需协调上级部门' });
    expect(code(await transition(t, 'branch', item.id, { action: 'request_extension', newDeadline: '2026-10-30', comment: '再延' }))).toBe('items.extension_pending');
    const approved = await transition(t, 'supervisor', item.id, { action: 'approve_extension' });
    expect(approved.json()).toMatchObject({ deadline: '2026-09-30', originalDeadline: '2026-07-31', extensionCount: 1, pendingExtension: null });
    expect(code(await transition(t, 'branch', item.id, { action: 'request_extension', newDeadline: '2026-10-30', comment: '再延' }))).toBe('items.extension_cap_reached');
    await t.as('admin')({ method: 'PUT', url: '/api/settings', payload: { extensionCap: 2 } });
  });

  it('when an extension is rejected, the deadline stays and the reason is recorded', async () => {
    const item = await createItem(t, { deadline: '2026-07-31' });
    await transition(t, 'branch', item.id, { action: 'request_extension', newDeadline: '2026-09-30', comment: '人手不足' });
    expect(code(await transition(t, 'supervisor', item.id, { action: 'reject_extension' }))).toBe('items.comment_required');
    const rejected = await transition(t, 'supervisor', item.id, { action: 'reject_extension', comment: '理由不充分' });
    expect(rejected.json()).toMatchObject({ deadline: '2026-07-31', extensionCount: 0, pendingExtension: null });
    expect(rejected.json().history.at(-1)).toMatchObject({ action: 'reject_extension', comment: '理由不充分' });
  });

  it('when a supervisor cancels with a reason, the item is kept as cancelled and can no longer change', async () => {
    const item = await createItem(t);
    const cancelled = await transition(t, 'supervisor', item.id, { action: 'cancel', comment: '重复录入' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', allowedActions: [] });
    expect(code(await transition(t, 'branch', item.id, { action: 'start' }))).toBe('items.illegal_transition');
    expect(code(await t.as('supervisor')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: cancelled.json().version, remarks: 'x' } }))).toBe('items.not_editable');
  });

  it.each([
    ['viewer', 'start', 403],
    ['admin', 'start', 403],
    ['supervisor', 'start', 403],
    ['branch', 'cancel', 403],
    ['branch2', 'start', 404],
  ])('when %s tries %s on a police item, it answers %i and nothing changes', async (as, action, status) => {
    const item = await createItem(t);
    const res = await t.as(as)({ method: 'POST', url: `/api/items/${item.id}/transitions`, payload: { action, version: 1, comment: 'x' } });
    expect(res.statusCode).toBe(status);
    const [row] = await t.db.select().from(items).where(eq(items.id, item.id));
    expect(row).toMatchObject({ status: 'issued', version: 1 });
  });

  it('when a transition carries a stale version, it answers 409 and changes nothing', async () => {
    const item = await createItem(t);
    await t.as('supervisor')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: 1, remarks: '改' } });
    const res = await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/transitions`, payload: { action: 'start', version: 1 } });
    expect(res.statusCode).toBe(409);
    expect(code(res)).toBe('items.stale_version');
    const [row] = await t.db.select().from(items).where(eq(items.id, item.id));
    expect(row).toMatchObject({ status: 'issued', version: 2 });
  });

  it('when two approvals race on the same version, exactly one history row is written', async () => {
    const item = await createItem(t);
    await transition(t, 'branch', item.id, { action: 'start' });
    await uploadPdf(t, 'branch', item.id);
    const requested = (await transition(t, 'branch', item.id, { action: 'request_closure', comment: '完成' })).json();
    await t.as('admin')({ method: 'POST', url: '/api/users', payload: { username: 'supervisor2', displayName: '第二督办', password: 'Strong2026', role: 'supervisor', orgId: t.orgs.committee } });
    // As if the password the administrator chose had been changed already.
    await t.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, 'supervisor2'));
    const [a, b] = await Promise.all([
      t.as('supervisor')({ method: 'POST', url: `/api/items/${item.id}/transitions`, payload: { action: 'approve_closure', version: requested.version } }),
      t.as('supervisor2', 'Strong2026')({ method: 'POST', url: `/api/items/${item.id}/transitions`, payload: { action: 'reject_closure', version: requested.version, comment: '退回' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const decisions = (await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, item.id))).filter((h) => ['approve_closure', 'reject_closure'].includes(h.action));
    expect(decisions).toHaveLength(1);
  });

  it('offers each role exactly the actions it may take now', async () => {
    const item = await createItem(t);
    const view = async (as: string) => (await t.as(as)({ method: 'GET', url: `/api/items/${item.id}` })).json();
    // 待签收: the organization signs for it (start) or objects.
    expect((await view('branch')).allowedActions).toEqual(['start', 'request_extension', 'object']);
    expect((await view('supervisor')).allowedActions).toEqual(['cancel']);
    expect((await view('viewer')).allowedActions).toEqual([]);
    expect((await view('viewer')).editableFields).toEqual([]);
  });
});
