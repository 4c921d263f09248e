import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './demo/demo.seed.js';
import { startChildServer, type ChildServer } from './security/child-server.js';

// What a newcomer's `pnpm start` runs: the built server on plain Node, PGlite under DATA_DIR, demo data on first start.
describe('the built server, started as `pnpm start` starts it', () => {
  let dataDir: string;
  let server: ChildServer;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rectify-start-'));
    server = await startChildServer({ dataDir, databaseUrl: '', env: { LOG_LEVEL: 'warn' } });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when it is up, its migrations are applied on embedded PostgreSQL and the demo supervisor sees the demo ledger', async () => {
    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: { driver: 'pglite', reachable: true, migrations: { upToDate: true } } });
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: DEMO_PASSWORD }) });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const list = await fetch(`${server.url}/api/items?pageSize=5`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: unknown[]; total: number };
    expect(page.items).toHaveLength(5);
    expect(page.total).toBeGreaterThan(50);
  });

  it('when a report is asked for as .docx, the lazily loaded builders are found beside the build', async () => {
    const { accessToken } = (await (
      await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: DEMO_PASSWORD }) })
    ).json()) as { accessToken: string };
    const month = new Date().toISOString().slice(0, 7);
    const res = await fetch(`${server.url}/api/reports/monthly?month=${month}&format=docx`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  it('when it is told to stop, it exits cleanly', async () => {
    await server.stop();
    expect(server.process.exitCode).toBe(0);
  });
});
