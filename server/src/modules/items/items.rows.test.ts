import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { deliveries, notifications } from '../notifications/notifications.table.js';
import type { ItemEvent } from './items.events.js';
import { stepItem } from './items.rows.js';
import { itemHistory } from './items.table.js';
import { createItem } from './items.test-helpers.js';

describe('a step in one statement', () => {
  let t: TestApp;
  let supervisor: { id: number; displayName: string; role: 'supervisor'; orgId: number };
  beforeAll(async () => {
    t = await createTestApp();
    const { user } = await t.login('supervisor');
    supervisor = { id: user.id, displayName: '督办', role: 'supervisor', orgId: user.orgId };
    // A channel for every organization, so that a step queues a delivery besides the clerks' notices.
    await t.as('admin')({ method: 'POST', url: '/api/notification-channels', payload: { name: '全委', type: 'webhook', url: 'https://hooks.example.org/hook', events: ['item_cancelled'] } });
  });
  afterAll(() => t.close());

  const counts = async (itemId: number) => {
    const { rows } = await t.db.execute<{ history: number; notices: number; queued: number }>(sql`SELECT
      (SELECT count(*)::int FROM ${itemHistory} WHERE ${itemHistory.itemId} = ${itemId}) AS history,
      (SELECT count(*)::int FROM ${notifications} WHERE ${notifications.itemId} = ${itemId}) AS notices,
      (SELECT count(*)::int FROM ${deliveries}) AS queued`);
    return rows[0];
  };

  const cancel = async (item: { id: number; code: string; title: string }, version: number) => {
    const event: ItemEvent = { itemId: item.id, orgId: t.orgs.police, code: item.code, title: item.title, action: 'cancel', fromStatus: 'issued', toStatus: 'cancelled', comment: '重复', actor: supervisor };
    return stepItem(t.db, {
      light: { today: '2026-11-20', yellowDays: 7 },
      id: item.id,
      version,
      values: { status: 'cancelled', updatedBy: supervisor.id },
      history: { actorId: supervisor.id, action: 'cancel', fromStatus: 'issued', toStatus: 'cancelled', comment: '重复' },
      also: (when) => t.app.itemEvents.writes([event], when),
    });
  };

  it('when the version is stale, neither the item, its history nor any notice or delivery is written', async () => {
    const item = await createItem(t);
    const before = await counts(item.id);
    expect(await cancel(item, item.version + 1)).toBeUndefined();
    expect(await counts(item.id)).toEqual(before);
    const [row] = await t.db.execute<{ status: string; version: number }>(sql`SELECT status, version FROM items WHERE id = ${item.id}`).then((r) => r.rows);
    expect(row).toEqual({ status: 'issued', version: 1 });
  });

  it('when the version holds, the step returns the item with its lists, the new history entry last, and writes the notices', async () => {
    const item = await createItem(t);
    const before = await counts(item.id);
    const stepped = await cancel(item, item.version);
    expect(stepped?.item.item).toMatchObject({ id: item.id, status: 'cancelled', version: 2 });
    expect(stepped?.item.orgName).toBeTruthy();
    expect(stepped?.lists.history.map((h) => h.entry.action)).toEqual(['created', 'cancel']);
    expect(stepped?.lists.history.at(-1)).toMatchObject({ entry: { actorId: supervisor.id, fromStatus: 'issued', toStatus: 'cancelled', comment: '重复' }, actorName: expect.any(String) });
    expect(stepped?.lists.measures.length).toBe(item.measures.length);
    const after = await counts(item.id);
    expect(after.history).toBe(before.history + 1);
    expect(after.notices).toBeGreaterThan(before.notices);
    expect(after.queued).toBe(before.queued + 1);
    const stored = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, item.id));
    expect(stored.map((h) => h.id)).toEqual(stepped?.lists.history.map((h) => h.entry.id));
  });

  it('when two steps race on one version, exactly one is applied, with one history entry and one set of notices', async () => {
    const item = await createItem(t);
    const before = await counts(item.id);
    const results = await Promise.all([cancel(item, item.version), cancel(item, item.version)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const after = await counts(item.id);
    expect(after.history).toBe(before.history + 1);
    expect(after.queued).toBe(before.queued + 1);
  });
});
