import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDatabase, type Database } from './client.js';
import type { ReplicaState } from './read-routing.js';
import { createItem } from '../modules/items/items.test-helpers.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { createTestDatabase } from '../test/test-db.js';
import { canMakeReplica, replicaUrlOf, startReplica, type Replica } from '../test/replica.js';

/**
 * Heavy reads against a real streaming replica (a second local cluster made with pg_basebackup, test/replica.ts).
 * It runs where DATABASE_URL names a local Debian cluster this process may add a cluster beside (CI's PostgreSQL
 * tier runs as root); with CI=true a machine that cannot is a failure, not a skip.
 */
const possible = canMakeReplica();
const wanted = !!process.env.DATABASE_URL && (possible || process.env.CI === 'true');
const maxLagSeconds = 3;

describe.skipIf(!wanted)('heavy reads on a streaming replica', () => {
  let primary: Database;
  let replicaDb: Database;
  let replica: Replica;
  let t: TestApp;

  /** The heavy reads each database has served so far, from the metrics any scraper sees. */
  async function served() {
    const metric = await t.app.metrics.registry.getSingleMetric('rectify_db_reads_total')!.get();
    const total = { primary: 0, replica: 0 };
    for (const v of metric.values) total[v.labels.database as 'primary' | 'replica'] += v.value;
    return total;
  }
  /** Runs a request and says which database answered its heavy read. */
  async function servedBy(request: () => Promise<{ statusCode: number }>) {
    const before = await served();
    const res = await request();
    const after = await served();
    return { res, by: after.replica > before.replica ? 'replica' : after.primary > before.primary ? 'primary' : 'none' };
  }
  async function probeUntil(state: ReplicaState) {
    for (let i = 0; i < 200; i++) {
      if ((await t.app.readDb.routing.probe()).state === state) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the replica never became ${state}: ${JSON.stringify(t.app.readDb.routing.status())}`);
  }
  const dashboardTotal = async (as: string) => {
    const { res, by } = await servedBy(() => t.as(as)({ method: 'GET', url: '/api/dashboard' }));
    expect(res.statusCode).toBe(200);
    return { total: (res as unknown as { json(): { totals: { total: number } } }).json().totals.total, by };
  };

  beforeAll(async () => {
    if (!possible) throw new Error('CI=true but this machine cannot make a PostgreSQL replica (needs root and a local Debian cluster)');
    replica = await startReplica();
    primary = await createTestDatabase();
    const { rows } = await primary.db.execute<{ name: string }>(sql`SELECT current_database() AS name`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${rows[0].name}`;
    await replica.caughtUp();
    replicaDb = await createDatabase({ url: replicaUrlOf(url.toString()), poolSize: 3, onPoolError: () => {} });
    t = await createTestApp({ database: primary, replica: replicaDb, config: { replicaMaxLagSeconds: maxLagSeconds, replicaProbeMs: 0 } });
    // The dashboard's counts are brought to the day on the primary by its first read; the replica replays that.
    await t.as('viewer')({ method: 'GET', url: '/api/dashboard' });
    await replica.caughtUp();
    await probeUntil('ok');
  }, 180_000);

  afterAll(async () => {
    await replica?.resumeReplay().catch(() => undefined);
    await replica?.start().catch(() => undefined);
    await t?.close();
    await replicaDb?.close();
  });

  it('when the replica is current, dashboards, reports and search are served by it, and the probe sees a standby with no lag', async () => {
    expect(t.app.readDb.routing.status()).toEqual({ state: 'ok', lagSeconds: expect.any(Number) });
    expect(t.app.readDb.routing.status().lagSeconds).toBeLessThan(maxLagSeconds);
    expect((await dashboardTotal('viewer')).by).toBe('replica');
    const report = await servedBy(() => t.as('viewer')({ method: 'GET', url: `/api/reports/monthly?month=${t.app.today().slice(0, 7)}` }));
    expect(report).toMatchObject({ res: { statusCode: 200 }, by: 'replica' });
    const search = await servedBy(() => t.as('viewer')({ method: 'GET', url: `/api/items?q=${encodeURIComponent('学习')}` }));
    expect(search).toMatchObject({ res: { statusCode: 200 }, by: 'replica' });
    // A list without a search stays on the primary and is not counted among the heavy reads.
    expect((await servedBy(() => t.as('viewer')({ method: 'GET', url: '/api/items' }))).by).toBe('none');
    const scraped = await t.app.metrics.registry.metrics();
    expect(scraped).toContain('rectify_db_replica_state{state="ok"} 1');
    expect(scraped).toMatch(/rectify_db_reads_total\{database="replica",route="\/api\/dashboard"\} [1-9]/);
  });

  it("when replay is paused, others read the replica's older figures, the writer sees its own write at once, and past the bound everyone reads the primary", async () => {
    const before = await dashboardTotal('viewer');
    expect(before.by).toBe('replica');
    await replica.pauseReplay();
    try {
      await createItem(t, { description: '回放暂停时新建的事项：会议记录不全' });
      // The viewer did not write: the replica serves it and has not replayed the new item (this is what proves it).
      const stale = await dashboardTotal('viewer');
      expect(stale).toEqual({ total: before.total, by: 'replica' });
      // The supervisor wrote it: its heavy reads go to the primary until the replica has replayed the write.
      const own = await servedBy(() => t.as('supervisor')({ method: 'GET', url: `/api/items?q=${encodeURIComponent('回放暂停')}` }));
      expect(own.by).toBe('primary');
      expect((own.res as unknown as { json(): { items: unknown[] } }).json().items).toHaveLength(1);
      expect(await dashboardTotal('supervisor')).toEqual({ total: before.total + 1, by: 'primary' });

      await probeUntil('lagging');
      expect(t.app.readDb.routing.status().lagSeconds).toBeGreaterThan(maxLagSeconds);
      expect(await dashboardTotal('viewer')).toEqual({ total: before.total + 1, by: 'primary' });
      expect(await t.app.metrics.registry.metrics()).toContain('rectify_db_replica_state{state="lagging"} 1');
    } finally {
      await replica.resumeReplay();
    }
    await replica.caughtUp();
    await probeUntil('ok');
    expect(await dashboardTotal('viewer')).toEqual({ total: before.total + 1, by: 'replica' });
    // Once the replica has replayed it, the writer's reads go back there too.
    expect((await dashboardTotal('supervisor')).by).toBe('replica');
  });

  it('when the replica stops, heavy reads fall back to the primary at the next probe (or the first failed read), and return when it is back', async () => {
    const { total } = await dashboardTotal('viewer');
    replica.stop();
    try {
      // Before any probe has noticed, a read sent there fails as unavailable and takes the replica out at once.
      const first = await servedBy(() => t.as('viewer')({ method: 'GET', url: '/api/dashboard' }));
      if (first.by === 'replica') expect(first.res.statusCode).toBe(503);
      expect(t.app.readDb.routing.status().state).toBe('down');
      expect(await dashboardTotal('viewer')).toEqual({ total, by: 'primary' });
      await probeUntil('down');
      const report = await servedBy(() => t.as('viewer')({ method: 'GET', url: `/api/reports/monthly?month=${t.app.today().slice(0, 7)}` }));
      expect(report).toMatchObject({ res: { statusCode: 200 }, by: 'primary' });
      expect(await t.app.metrics.registry.metrics()).toContain('rectify_db_replica_state{state="down"} 1');
    } finally {
      await replica.start();
    }
    await replica.caughtUp();
    await probeUntil('ok');
    expect(await dashboardTotal('viewer')).toEqual({ total, by: 'replica' });
  });
});
