import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';

describe('deciding and reminding several items at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** An item of `orgId` whose closure the branch clerk has requested. */
  async function awaitingClosure(orgId: number, clerk = 'branch') {
    const item = await createItem(t, { orgId });
    await uploadPdf(t, clerk, item.id);
    await t.as(clerk)({ method: 'POST', url: `/api/items/${item.id}/progress`, payload: { content: '推进' } });
    const res = await transition(t, clerk, item.id, { action: 'request_closure', comment: '已整改' });
    return res.json() as { id: number; code: string; version: number };
  }
  const historyCount = async () => (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM item_history`)).rows[0].n;

  it('when a supervisor approves three, each is checked on its own: a stale version is refused, the others close', async () => {
    const [a, b, c] = [await awaitingClosure(t.orgs.police), await awaitingClosure(t.orgs.police), await awaitingClosure(t.orgs.finance, 'branch2')];
    const res = await t.as('supervisor')({
      method: 'POST',
      url: '/api/items/decisions',
      payload: { action: 'approve_closure', comment: '材料齐全，同意销号', items: [{ id: a.id, version: a.version }, { id: b.id, version: b.version - 1 }, { id: c.id, version: c.version }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ succeeded: 2, refused: 1 });
    expect(res.json().results).toEqual([
      { id: a.id, code: a.code, ok: true, error: null },
      { id: b.id, code: b.code, ok: false, error: { code: 'items.stale_version', message: expect.any(String) } },
      { id: c.id, code: c.code, ok: true, error: null },
    ]);
    const statuses = (await t.db.execute<{ id: number; status: string }>(sql`SELECT id, status FROM items WHERE id IN (${a.id}, ${b.id}, ${c.id}) ORDER BY id`)).rows;
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [a.id]: 'closed', [b.id]: 'closure_requested', [c.id]: 'closed' });
    const comment = (await t.db.execute<{ comment: string }>(sql`SELECT comment FROM item_history WHERE item_id = ${a.id} AND action = 'approve_closure'`)).rows[0].comment;
    expect(comment).toBe('材料齐全，同意销号');
  });

  it('when closures are sent back together, one comment is required and each item returns to its organization', async () => {
    const d = await awaitingClosure(t.orgs.police);
    const rejectWithout = await t.as('supervisor')({ method: 'POST', url: '/api/items/decisions', payload: { action: 'reject_closure', items: [{ id: d.id, version: d.version }] } });
    expect(rejectWithout.statusCode).toBe(400);
    expect(rejectWithout.json().error.code).toBe('items.comment_required');

    const back = await t.as('supervisor')({ method: 'POST', url: '/api/items/decisions', payload: { action: 'reject_closure', comment: '缺少对比照片', items: [{ id: d.id, version: d.version }] } });
    expect(back.json()).toMatchObject({ succeeded: 1, refused: 0 });
    expect((await t.as('branch')({ method: 'GET', url: `/api/items/${d.id}` })).json()).toMatchObject({ status: 'in_progress' });
  });

  it('when one item is out of scope or missing, nothing is decided and the answer is the 404 of a missing item', async () => {
    const e = await awaitingClosure(t.orgs.police);
    const before = await historyCount();
    const res = await t.as('supervisor')({ method: 'POST', url: '/api/items/decisions', payload: { action: 'approve_closure', items: [{ id: e.id, version: e.version }, { id: 999999, version: 1 }] } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('items.not_found');
    expect(await historyCount()).toBe(before);
    expect((await t.as('branch')({ method: 'POST', url: '/api/items/decisions', payload: { action: 'approve_closure', items: [{ id: e.id, version: e.version }] } })).statusCode).toBe(403);
  });

  it('when a supervisor sends 催办 for items of two organizations, each organization hears once and closed items are refused', async () => {
    const [p1, p2, f1] = [await createItem(t, { orgId: t.orgs.police }), await createItem(t, { orgId: t.orgs.police }), await createItem(t, { orgId: t.orgs.finance })];
    const closed = await awaitingClosure(t.orgs.police);
    await transition(t, 'supervisor', closed.id, { action: 'approve_closure', comment: '同意' });
    const count = async (who: string) => (await t.as(who)({ method: 'GET', url: '/api/notifications?kind=item_urged' })).json().total as number;
    const before = { branch: await count('branch'), branch2: await count('branch2') };
    const res = await t.as('supervisor')({ method: 'POST', url: '/api/items/reminders', payload: { itemIds: [p1.id, p2.id, f1.id, closed.id], comment: '请于本周内报送进展' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ reminded: 3, orgs: 2 });
    expect(res.json().results.find((r: { id: number }) => r.id === closed.id)).toMatchObject({ ok: false, error: { code: 'items.illegal_transition' } });
    expect(await count('branch')).toBe(before.branch + 1);
    expect(await count('branch2')).toBe(before.branch2 + 1);
    const [note] = (await t.as('branch')({ method: 'GET', url: '/api/notifications?kind=item_urged' })).json().items;
    expect(note.title).toBe('工委催办：2 项');
    expect(note.body).toContain('请于本周内报送进展');
  });
});
