import { execSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';

/**
 * Restarts the PostgreSQL server under a running app. It needs a local server it may restart,
 * so it runs only in the fault tier (`FAULT_TESTS=1` with DATABASE_URL), one file at a time.
 */
const enabled = process.env.FAULT_TESTS === '1' && !!process.env.DATABASE_URL;
const cluster = () => execSync('ls /etc/postgresql').toString().trim().split('\n')[0];
const pgctl = (action: 'stop' | 'start') => execSync(`pg_ctlcluster --skip-systemctl-redirect ${cluster()} main ${action}`, { stdio: 'inherit' });

describe.skipIf(!enabled)('the API across a PostgreSQL restart', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    // Leave the server running even if the test failed half-way.
    if (!execSync('pg_lsclusters').toString().includes('online')) pgctl('start');
    await t?.close();
  });

  it('when the server goes down, requests fail cleanly with 503; when it is back, they succeed without restarting the API', async () => {
    const supervisor = t.as('supervisor');
    expect((await supervisor({ method: 'GET', url: '/api/orgs' })).statusCode).toBe(200);

    pgctl('stop');
    const down = await supervisor({ method: 'GET', url: '/api/orgs' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ error: { code: 'common.db_unavailable', message: '数据库暂时不可用，请稍后再试' } });
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json().database.reachable).toBe(false);

    pgctl('start');
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await supervisor({ method: 'GET', url: '/api/orgs' })).statusCode;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});
