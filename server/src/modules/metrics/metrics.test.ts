import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const token = 'metrics-token-that-is-long-enough-0123456789';

describe('metrics and health', () => {
  let t: TestApp;
  let closed: TestApp | undefined;
  let metricsUrl: string;
  beforeAll(async () => {
    t = await createTestApp({ config: { metricsPort: 0, metricsHost: '127.0.0.1', metricsToken: token } });
    const address = t.app.metrics.address()!;
    metricsUrl = `http://127.0.0.1:${address.port}/metrics`;
    await t.as('supervisor')({ method: 'GET', url: '/api/items?page=1' });
    await t.as('supervisor')({ method: 'GET', url: '/api/items/424242' });
    await t.app.inject({ method: 'GET', url: '/api/no-such-thing/123' });
  });
  afterAll(async () => {
    await closed?.app.close();
    await t.close();
  });

  it('when scraped on its own port, it reports requests by route pattern and status with latency, and the queues', async () => {
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const body = await res.text();
    expect(body).toMatch(/rectify_http_requests_total\{method="GET",route="\/api\/items",status_code="200"\} 1/);
    expect(body).toMatch(/rectify_http_requests_total\{method="GET",route="\/api\/items\/:id",status_code="404"\} 1/);
    expect(body).toContain('route="(unmatched)"');
    expect(body).not.toContain('424242');
    expect(body).toContain('rectify_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/items"');
    expect(body).toMatch(/rectify_heavy_jobs\{state="running"\} 0/);
    expect(body).toMatch(/rectify_delivery_queue_depth \d+/);
    expect(body).toMatch(/rectify_delivery_queue_oldest_age_seconds [\d.]+/);
    expect(body).toContain('nodejs_eventloop_lag_seconds');
    expect(body).toContain(`rectify_db_info{driver="${t.database.driver}"} 1`);
    if (t.database.driver === 'postgres') {
      expect(body).toMatch(/rectify_db_pool_connections\{state="waiting"\} \d+/);
      expect(body).toMatch(/rectify_db_pool_wait_seconds_count [1-9]/);
    }
    expect((await fetch(metricsUrl.replace('/metrics', '/api/health'))).status).toBe(404);
  });

  it('when a scheduled job runs or fails, it counts the run or the failure by job', async () => {
    t.app.metrics.observeJob({ job: 'monthly_snapshot', ran: true });
    t.app.metrics.observeJob({ job: 'overdue_alerts', ran: false, error: 'boom' });
    t.app.metrics.observeJob({ job: 'overdue_alerts', ran: false });
    const body = await (await fetch(metricsUrl)).text();
    expect(body).toContain('rectify_job_runs_total{job="monthly_snapshot"} 1');
    expect(body).toContain('rectify_job_failures_total{job="overdue_alerts"} 1');
    expect(body).not.toContain('rectify_job_runs_total{job="overdue_alerts"}');
  });

  it('when asked on the public port, it answers only a bearer of the metrics token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).json().error.code).toBe('auth.invalid_token');
    const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token.slice(1)}x` } });
    expect(wrong.statusCode).toBe(401);
    const supervisor = await t.as('supervisor')({ method: 'GET', url: '/metrics' });
    expect(supervisor.statusCode).toBe(401);
    const ok = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('rectify_http_requests_total');
  });

  it('when no token is configured, /metrics on the public port is not found and no listener is opened', async () => {
    closed = await createTestApp({ database: t.database });
    const res = await closed.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('common.not_found');
    expect(res.body).not.toContain('rectify_');
    expect(closed.app.metrics.address()).toBeUndefined();
  });

  it('when probed, liveness answers without the database and readiness checks database, migrations and storage', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', checks: { database: true, migrations: true, storage: true } });
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).json().status).toBe('ok');
  });

  it('when the evidence store cannot be written, readiness answers 503 and names the storage', async () => {
    // A data directory below a plain file can never be created, whoever runs the test (root included).
    const blocker = join(t.dataDir, 'a-file');
    await writeFile(blocker, 'x');
    const broken = await createTestApp({ database: t.database, config: { dataDir: join(blocker, 'data') } });
    try {
      const ready = await broken.app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not_ready', checks: { database: true, migrations: true, storage: false } });
      expect((await broken.app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
    } finally {
      await broken.app.close();
    }
  });
});
