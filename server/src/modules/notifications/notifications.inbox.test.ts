import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';

describe('the inbox filtered by kind', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('when a clerk asks for one kind, only that kind is listed and counted, unread ones still counted over all', async () => {
    const item = await createItem(t, { orgId: t.orgs.police });
    await uploadPdf(t, 'branch', item.id);
    await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/progress`, payload: { content: '推进' } });
    expect((await transition(t, 'branch', item.id, { action: 'request_closure', comment: '完成' })).statusCode).toBe(200);
    expect((await transition(t, 'supervisor', item.id, { action: 'reject_closure', comment: '材料不全' })).statusCode).toBe(200);

    const all = (await t.as('branch')({ method: 'GET', url: '/api/notifications?pageSize=100' })).json();
    const returned = (await t.as('branch')({ method: 'GET', url: '/api/notifications?kind=closure_returned' })).json();
    expect(returned.items.length).toBeGreaterThan(0);
    expect(returned.items.every((n: { kind: string }) => n.kind === 'closure_returned')).toBe(true);
    expect(returned.total).toBe(all.items.filter((n: { kind: string }) => n.kind === 'closure_returned').length);
    expect(returned.total).toBeLessThan(all.total);
    expect(returned.unread).toBe(all.unread);
    expect(returned.items[0]).toMatchObject({ itemId: item.id, readAt: null });

    const bad = await t.as('branch')({ method: 'GET', url: '/api/notifications?kind=nothing_like_it' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('common.validation');
  });
});
