import { execFile, execSync } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { createItem } from '../modules/items/items.test-helpers.js';

/**
 * PostgreSQL stopped and started again while a loop of workflow transitions runs on several items at once.
 * Every write the API acknowledged is in the database afterwards, no change is half-done (each version step has
 * exactly one history row and the status is the last history row's), and the same API process serves again.
 * Fault tier: it needs a local cluster it may restart.
 */
const enabled = process.env.FAULT_TESTS === '1' && !!process.env.DATABASE_URL;
const run = promisify(execFile);
const cluster = () => execSync('ls /etc/postgresql').toString().trim().split('\n')[0];
const pgctl = (action: 'stop' | 'start') => run('pg_ctlcluster', ['--skip-systemctl-redirect', cluster(), 'main', action]);

interface Ack {
  itemId: number;
  version: number;
  action: string;
}

describe.skipIf(!enabled)('workflow transitions across a PostgreSQL restart', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    if (!execSync('pg_lsclusters').toString().includes('online')) await pgctl('start');
    await t?.close();
  });

  it('keeps every acknowledged write, leaves nothing half-done and recovers without restarting the API', async () => {
    const itemIds = [];
    for (let i = 0; i < 4; i++) itemIds.push((await createItem(t, { description: `重启测试事项 ${i}` })).id);
    const branch = t.as('branch');
    const supervisor = t.as('supervisor');
    // Prime both sessions, so no login has to happen while the server is down.
    await branch({ method: 'GET', url: '/api/auth/me' });
    await supervisor({ method: 'GET', url: '/api/auth/me' });

    const acks: Ack[] = [];
    const failures: number[] = [];
    let running = true;
    // The organization starts work, then asks for an extension the committee refuses, over and over: each step is
    // one version and one history row.
    const next = (status: string, pending: boolean) =>
      status === 'issued'
        ? { as: branch, body: { action: 'start' } }
        : pending
          ? { as: supervisor, body: { action: 'reject_extension', comment: '理由不充分' } }
          : { as: branch, body: { action: 'request_extension', comment: '需要更多时间', newDeadline: '2027-06-30' } };

    async function loop(itemId: number) {
      let state: { version: number; status: string; pending: boolean } | undefined;
      while (running) {
        if (!state) {
          const res = await supervisor({ method: 'GET', url: `/api/items/${itemId}` });
          if (res.statusCode !== 200) {
            failures.push(res.statusCode);
            await sleep(100);
            continue;
          }
          const item = res.json();
          state = { version: item.version, status: item.status, pending: item.pendingExtension !== null };
        }
        const step = next(state.status, state.pending);
        const res = await step.as({ method: 'POST', url: `/api/items/${itemId}/transitions`, payload: { ...step.body, version: state.version } });
        if (res.statusCode === 200) {
          const item = res.json();
          acks.push({ itemId, version: item.version, action: step.body.action });
          state = { version: item.version, status: item.status, pending: item.pendingExtension !== null };
        } else {
          // 503 while the server is down; after it, the outcome of an interrupted commit is read back, never guessed.
          failures.push(res.statusCode);
          state = undefined;
          await sleep(50);
        }
      }
    }

    const loops = itemIds.map(loop);
    const until = async (done: () => boolean, ms: number) => {
      for (const end = Date.now() + ms; !done() && Date.now() < end; ) await sleep(20);
    };
    await until(() => acks.length >= 20, 20_000);
    const before = acks.length;
    await pgctl('stop');
    await sleep(1500);
    const down = failures.length;
    await pgctl('start');
    await until(() => acks.length >= before + 40, 40_000);
    running = false;
    await Promise.all(loops);

    expect(down, 'requests failed while the server was down').toBeGreaterThan(0);
    expect(failures.every((status) => status === 503 || status === 409), `failures were clean: ${[...new Set(failures)]}`).toBe(true);
    expect(acks.length, 'writes succeeded again after the restart').toBeGreaterThanOrEqual(before + 40);

    for (const itemId of itemIds) {
      const [item] = (await t.db.execute<{ version: number; status: string }>(sql`SELECT version, status FROM items WHERE id = ${itemId}`)).rows;
      const history = (await t.db.execute<{ action: string; to_status: string | null }>(sql`SELECT action, to_status FROM item_history WHERE item_id = ${itemId} ORDER BY id`)).rows;
      const mine = acks.filter((a) => a.itemId === itemId);
      // Every acknowledged version is at most the stored one, and each version step has exactly one history row.
      expect(Math.max(...mine.map((a) => a.version))).toBeLessThanOrEqual(Number(item.version));
      expect(history.length, `item ${itemId}: history rows = versions`).toBe(Number(item.version));
      expect(history.filter((h) => h.action !== 'created').length).toBeGreaterThanOrEqual(mine.length);
      // The i-th acknowledged step is the history row written at that version.
      for (const ack of mine) expect(history[ack.version - 1].action, `item ${itemId} v${ack.version}`).toBe(ack.action);
      const lastStatus = history.filter((h) => h.to_status).at(-1)!.to_status;
      expect(item.status).toBe(lastStatus);
    }

    // No client may stay checked out of the pool once every request has answered: a leaked one is a slot lost for good.
    const pool = t.database.pool!;
    for (let i = 0; i < 100 && pool.totalCount !== pool.idleCount; i++) await sleep(20);
    expect({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }).toEqual({ total: pool.idleCount, idle: pool.idleCount, waiting: 0 });
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    await expect(t.db.execute(sql`UPDATE item_history SET comment = 'x' WHERE item_id = ${itemIds[0]}`)).rejects.toThrow();
    await expect(t.db.execute(sql`DELETE FROM item_history WHERE item_id = ${itemIds[0]}`)).rejects.toThrow();
    console.info(`pg restart: ${before} writes before, ${acks.length - before} after, ${down} requests refused while down (${[...new Set(failures)].join(', ')})`);
  });
});
