import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import type { ItemEvent } from './items.events.js';
import { items } from './items.table.js';
import { createItem, transition, uploadPdf } from './items.test-helpers.js';

describe('item events', () => {
  let t: TestApp;
  const seen: ItemEvent[] = [];
  const batches: number[] = [];
  let failNext = false;
  beforeAll(async () => {
    t = await createTestApp({
      setup: (app) =>
        app.itemEvents.on(async (_tx, events) => {
          if (failNext) {
            failNext = false;
            throw new Error('listener failed');
          }
          batches.push(events.length);
          seen.push(...events);
        }),
    });
  });
  afterAll(() => t.close());

  it('when items are created, worked and decided, listeners hear each change with its actor', async () => {
    const item = await createItem(t);
    await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/progress`, payload: { content: '推进中' } });
    await uploadPdf(t, 'branch', item.id);
    await transition(t, 'branch', item.id, { action: 'request_closure', comment: '完成' });
    expect(seen.map((e) => [e.action, e.toStatus, e.actor.role])).toEqual([
      ['created', 'issued', 'supervisor'],
      ['progress_added', 'in_progress', 'branch'],
      ['evidence_added', 'in_progress', 'branch'],
      ['request_closure', 'closure_requested', 'branch'],
    ]);
    expect(seen.every((e) => e.itemId === item.id && e.orgId === t.orgs.police)).toBe(true);
  });

  it('when one problem is issued to several organizations, listeners hear all the new items in one call', async () => {
    seen.length = 0;
    batches.length = 0;
    const res = await t.as('supervisor')({
      method: 'POST',
      url: '/api/items/batch',
      payload: { orgIds: [t.orgs.police, t.orgs.traffic, t.orgs.finance], source: 'review', description: '三会一课记录不规范', deadline: '2026-12-31', type: 'deadline' },
    });
    expect(res.statusCode).toBe(201);
    expect(batches).toEqual([3]);
    expect(seen.map((e) => e.orgId).sort()).toEqual([t.orgs.police, t.orgs.traffic, t.orgs.finance].sort());
    expect(seen.every((e) => e.action === 'created')).toBe(true);
  });

  it('when a listener fails, the change it listened to is rolled back', async () => {
    const item = await createItem(t);
    failNext = true;
    const res = await transition(t, 'branch', item.id, { action: 'start' });
    expect(res.statusCode).toBe(500);
    const [row] = await t.db.select().from(items).where(eq(items.id, item.id));
    expect(row).toMatchObject({ status: 'issued', version: 1 });
  });
});
