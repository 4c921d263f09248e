import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { Counter, Gauge, Histogram, collectDefaultMetrics, type Registry } from 'prom-client';
import type pg from 'pg';

/** Seconds buckets from a fast API answer (5 ms) to an export or report (30 s). */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Every series the process exports. Labels carry route patterns (`/api/items/:id`), never URLs, and job names from
 * a fixed list, so the number of series stays bounded whatever clients send.
 */
export function createCollectors({ registry, fastify }: { registry: Registry; fastify: FastifyInstance }) {
  // Process figures, event-loop lag among them (nodejs_eventloop_lag_seconds and its percentiles).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const requests = new Counter({
    name: 'rectify_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'rectify_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'rectify_job_runs_total',
    help: 'Scheduled job periods run to completion by this process',
    labelNames: ['job'] as const,
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: 'rectify_job_failures_total',
    help: 'Scheduled job runs that failed (the period is tried again on the next tick)',
    labelNames: ['job'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'rectify_heavy_jobs',
    help: 'Imports, exports and generated documents running or waiting for a slot in this process',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const { running, queued } = fastify.heavyJobs.stats();
      this.set({ state: 'running' }, running);
      this.set({ state: 'queued' }, queued);
    },
  });

  // One query feeds both delivery gauges; each scrape asks the database once, and a database that is down leaves
  // the previous figures rather than failing the scrape.
  let pendingDeliveries: Promise<{ depth: number; age: number }> | undefined;
  const readDeliveries = () =>
    (pendingDeliveries ??= fastify.db
      .execute<{ depth: number; age: number | null }>(
        sql`SELECT count(*)::int AS depth, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age FROM deliveries WHERE status = 'pending'`,
      )
      .then((r) => ({ depth: Number(r.rows[0]?.depth ?? 0), age: Number(r.rows[0]?.age ?? 0) }))
      .finally(() => setImmediate(() => (pendingDeliveries = undefined))));
  new Gauge({
    name: 'rectify_delivery_queue_depth',
    help: 'Notification deliveries waiting to be sent (all instances share the queue)',
    registers: [registry],
    async collect() {
      await readDeliveries().then((d) => this.set(d.depth), () => undefined);
    },
  });
  new Gauge({
    name: 'rectify_delivery_queue_oldest_age_seconds',
    help: 'Age of the oldest delivery still waiting to be sent, 0 when the queue is empty',
    registers: [registry],
    async collect() {
      await readDeliveries().then((d) => this.set(d.age), () => undefined);
    },
  });

  new Gauge({
    name: 'rectify_db_info',
    help: 'The database driver in use (1 for the one in use)',
    labelNames: ['driver'] as const,
    registers: [registry],
    collect() {
      this.set({ driver: fastify.database.driver }, 1);
    },
  });
  const pool = fastify.database.pool;
  if (pool) watchPool({ pool, registry });

  return {
    observeRequest({ method, route, statusCode, seconds }: { method: string; route: string; statusCode: number; seconds: number }) {
      const labels = { method, route, status_code: String(statusCode) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    },
    observeJob({ job, ran, error }: { job: string; ran: boolean; error?: string }) {
      if (error !== undefined) jobFailures.inc({ job });
      else if (ran) jobRuns.inc({ job });
    },
  };
}

/**
 * The pg pool's connections in use, idle and requests waiting for one, and how long each checkout waited. PGlite
 * has one connection inside the process and no pool, so it exports none of these.
 */
function watchPool({ pool, registry }: { pool: pg.Pool; registry: Registry }) {
  new Gauge({
    name: 'rectify_db_pool_connections',
    help: 'Database pool connections by state: in use, idle, and requests waiting for a connection',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  new Gauge({
    name: 'rectify_db_pool_max',
    help: 'The most connections the pool opens',
    registers: [registry],
    collect() {
      this.set(pool.options.max ?? 10);
    },
  });
  const wait = new Histogram({
    name: 'rectify_db_pool_wait_seconds',
    help: 'Time a query or transaction waited for a pool connection',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  // Both pool.query and a transaction's checkout go through connect(), in its promise or its callback form.
  const connect = pool.connect.bind(pool) as (cb?: (...args: unknown[]) => void) => Promise<pg.PoolClient> | undefined;
  (pool as { connect: unknown }).connect = (cb?: (...args: unknown[]) => void) => {
    const end = wait.startTimer();
    if (cb) {
      return connect((...args: unknown[]) => {
        end();
        cb(...args);
      });
    }
    return connect()!.finally(end);
  };
}
