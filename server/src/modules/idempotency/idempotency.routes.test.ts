import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { multipart, tinyPdf } from '../../test/multipart.js';
import { rowCounts } from '../../security/world.js';
import { createItem } from '../items/items.test-helpers.js';
import { idempotencyKeys } from './idempotency.table.js';

async function fileCount(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).length;
}

describe('Idempotency-Key on creating routes', () => {
  const clock = fixedClock('2026-05-10T02:00:00Z');
  let t: TestApp;
  let item: { id: number };
  beforeAll(async () => {
    t = await createTestApp({
      clock,
      // Stands for PostgreSQL going away after the write committed and before the answer was built.
      setup: (app) =>
        app.addHook('preSerialization', async (request, _reply, payload) => {
          if (request.headers['x-test-fail-after-commit'] && !(payload as { error?: unknown }).error) throw new Error('Connection terminated unexpectedly');
          return payload;
        }),
    });
    item = await createItem(t);
  });
  afterAll(() => t.close());

  let serial = 0;
  const itemBody = (overrides: Record<string, unknown> = {}) => ({
    orgId: t.orgs.police,
    source: 'review',
    description: `重复提交测试事项 ${++serial}`,
    deadline: '2026-12-31',
    type: 'deadline',
    ...overrides,
  });
  const post = (as: string, url: string, payload: unknown, key?: string, headers: Record<string, string> = {}) =>
    t.as(as)({ method: 'POST', url, payload: payload as Record<string, unknown>, headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) } });
  const state = async () => ({ rows: await rowCounts(t), files: await fileCount(t.dataDir) });
  const keyRows = async () => (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM idempotency_keys`)).rows[0].n;

  it.each([
    ['POST /api/items', () => ({ as: 'supervisor', url: '/api/items', payload: itemBody() })],
    ['POST /api/items/:id/progress', () => ({ as: 'branch', url: `/api/items/${item.id}/progress`, payload: { content: '已召开专题会议部署整改' } })],
  ])('when %s is retried with the same key, it answers the first answer and writes nothing', async (route, build) => {
    const request = build();
    const key = `retry-${route.replace(/\W+/g, '-')}`;
    const first = await post(request.as, request.url, request.payload, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const before = await state();
    for (let i = 0; i < 2; i++) {
      const retry = await post(request.as, request.url, request.payload, key);
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(first.json());
    }
    expect(await state()).toEqual(before);
  });

  it('when an evidence upload is retried with the same key, no second row or file is stored', async () => {
    const form = multipart([{ name: 'file', file: { filename: '佐证.pdf', content: tinyPdf(), contentType: 'application/pdf' } }]);
    const upload = () => t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/evidence`, payload: form.payload, headers: { ...form.headers, 'idempotency-key': 'evidence-once' } });
    const first = await upload();
    expect(first.statusCode, first.body).toBe(201);
    const before = await state();
    const retry = await upload();
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    expect(await state()).toEqual(before);
  });

  it('when the request carries no key, each send creates (the header is what protects)', async () => {
    const body = itemBody();
    expect((await post('supervisor', '/api/items', body)).statusCode).toBe(201);
    const before = await state();
    expect((await post('supervisor', '/api/items', body)).statusCode).toBe(201);
    expect((await state()).rows.items).toBe(before.rows.items + 1);
  });

  it('when another user sends the same key, their request is independent', async () => {
    const first = await post('supervisor', '/api/items', itemBody(), 'shared-key');
    const before = await state();
    const other = await post('branch', '/api/items', itemBody({ source: 'self_inspection' }), 'shared-key');
    expect(other.statusCode, other.body).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.json().id).not.toBe(first.json().id);
    expect((await state()).rows.items).toBe(before.rows.items + 1);
  });

  it('when the same key comes with another body or on another route, it is refused and nothing is written', async () => {
    expect((await post('supervisor', '/api/items', itemBody(), 'mismatch')).statusCode).toBe(201);
    const before = await state();
    const otherBody = await post('supervisor', '/api/items', itemBody(), 'mismatch');
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.json().error.code).toBe('common.idempotency_mismatch');
    expect((await post('branch', `/api/items/${item.id}/progress`, { content: '进展' }, 'mismatch-route')).statusCode).toBe(201);
    const progressed = await state();
    const otherRoute = await post('branch', '/api/items', itemBody({ source: 'self_inspection' }), 'mismatch-route');
    expect(otherRoute.statusCode).toBe(422);
    expect(otherRoute.json().error.code).toBe('common.idempotency_mismatch');
    expect(progressed.rows.items).toBe(before.rows.items);
    expect(await state()).toEqual(progressed);
  });

  it('when the first request is still running, a retry gets 409 and runs nothing; past the lease it runs', async () => {
    const body = itemBody();
    expect((await post('supervisor', '/api/items', body, 'held-elsewhere')).statusCode).toBe(201);
    // The same row as another process holds while its request runs: claimed, nothing committed, no answer yet.
    await t.db
      .update(idempotencyKeys)
      .set({ owner: 'another-process:req-1:1', claimedAt: clock.now(), committedAt: null, statusCode: null, responseBody: null })
      .where(sql`key = 'held-elsewhere'`);
    const before = await state();
    const inFlight = await post('supervisor', '/api/items', body, 'held-elsewhere');
    expect(inFlight.statusCode).toBe(409);
    expect(inFlight.json().error.code).toBe('common.idempotency_in_progress');
    expect(await state()).toEqual(before);
    clock.set(new Date(clock.now().getTime() + 11 * 60_000));
    const takenOver = await post('supervisor', '/api/items', body, 'held-elsewhere');
    expect(takenOver.statusCode).toBe(201);
    expect(takenOver.headers['idempotent-replayed']).toBeUndefined();
  });

  it('when two sends with one key race, one item is created and the other is told so', async () => {
    const body = itemBody();
    const before = await state();
    const answers = await Promise.all([post('supervisor', '/api/items', body, 'race'), post('supervisor', '/api/items', body, 'race')]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual(expect.arrayContaining([201]));
    for (const a of answers) expect(a.statusCode === 201 || a.json().error.code === 'common.idempotency_in_progress').toBe(true);
    expect((await state()).rows.items).toBe(before.rows.items + 1);
  });

  it('when a request is refused, the refusal is not kept: the corrected retry with the same key runs', async () => {
    const refused = await post('supervisor', '/api/items', itemBody({ orgId: 99999 }), 'refused-first');
    expect(refused.statusCode).toBe(404);
    const corrected = await post('supervisor', '/api/items', itemBody(), 'refused-first');
    expect(corrected.statusCode).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
  });

  it('when the write committed and the answer was lost (503), a retry writes nothing and says it was saved', async () => {
    const body = itemBody();
    const before = await state();
    const lost = await post('supervisor', '/api/items', body, 'committed-then-503', { 'x-test-fail-after-commit': '1' });
    expect(lost.statusCode).toBe(503);
    const afterFirst = await state();
    expect(afterFirst.rows.items).toBe(before.rows.items + 1);
    const retry = await post('supervisor', '/api/items', body, 'committed-then-503');
    expect(retry.statusCode).toBe(409);
    expect(retry.json().error.code).toBe('common.idempotency_committed');
    expect(await state()).toEqual(afterFirst);
  });

  it('when 24 hours have passed, the key is forgotten: the same key creates again and old keys are pruned', async () => {
    const body = itemBody();
    expect((await post('supervisor', '/api/items', body, 'day-old')).statusCode).toBe(201);
    clock.set(new Date(clock.now().getTime() + 23 * 3600_000));
    expect((await post('supervisor', '/api/items', body, 'day-old')).headers['idempotent-replayed']).toBe('true');
    clock.set(new Date(clock.now().getTime() + 2 * 3600_000));
    const before = await state();
    const again = await post('supervisor', '/api/items', body, 'day-old');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect((await state()).rows.items).toBe(before.rows.items + 1);
    const old = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM idempotency_keys WHERE created_at < ${new Date(clock.now().getTime() - 24 * 3600_000).toISOString()}`);
    expect(old.rows[0].n).toBe(0);
    expect(await keyRows()).toBeGreaterThan(0);
  });

  it.each(['', 'has space', 'x'.repeat(101)])('when the key is %j, it is a 400 and nothing is written', async (key) => {
    const before = await state();
    const res = await t.as('supervisor')({ method: 'POST', url: '/api/items', payload: itemBody(), headers: { 'idempotency-key': key } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('common.validation');
    expect(await state()).toEqual(before);
  });
});
