import { Cron } from 'croner';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { jobRuns } from './jobs.table.js';

/** The committee's local date and time of an instant. */
export function localTime(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute) };
}

export interface Job<Prepared = unknown> {
  name: string;
  /** The period due now (`2026-06-15`, `2026-05`), or null when the job is not due yet. */
  periodAt(local: ReturnType<typeof localTime>): string | null;
  /** Reads what the run needs (settings) before its transaction opens: PGlite has a single connection. */
  prepare?(): Promise<Prepared>;
  run(tx: Tx, ctx: { period: string; now: Date; prepared: Prepared }): Promise<Record<string, unknown>>;
}

export type JobOutcome = { job: string; period: string | null; ran: boolean; result?: Record<string, unknown>; error?: string };

/**
 * Runs each job at most once per period across every instance and restart: the run inserts its (job, period) row
 * with ON CONFLICT DO NOTHING in the same transaction as its work. A second instance's insert waits for the first
 * to commit and then inserts nothing; a failed run rolls its row back and is tried again on the next tick.
 */
export function createScheduler({
  db,
  clock,
  timeZone,
  jobs,
  log,
  onOutcome,
}: {
  db: Db;
  clock: Clock;
  timeZone: string;
  jobs: Job<never>[];
  log?: { error(obj: object, msg: string): void };
  /** Told of every job's outcome in a tick (the metrics count runs and failures). */
  onOutcome?: (outcome: JobOutcome) => void;
}) {
  const crons: Cron[] = [];
  let lastTick: Promise<JobOutcome[]> = Promise.resolve([]);

  async function runJob(job: Job<never>): Promise<JobOutcome> {
    const now = clock.now();
    const period = job.periodAt(localTime(now, timeZone));
    if (!period) return { job: job.name, period, ran: false };
    const [done] = await db.select({ job: jobRuns.job }).from(jobRuns).where(and(eq(jobRuns.job, job.name), eq(jobRuns.period, period)));
    if (done) return { job: job.name, period, ran: false };
    const prepared = (await job.prepare?.()) as never;
    return db.transaction(async (tx) => {
      const claimed = await tx.insert(jobRuns).values({ job: job.name, period, startedAt: now }).onConflictDoNothing().returning({ job: jobRuns.job });
      if (claimed.length === 0) return { job: job.name, period, ran: false };
      const result = await job.run(tx, { period, now, prepared });
      await tx
        .update(jobRuns)
        .set({ finishedAt: sql`${clock.now().toISOString()}::timestamptz`, result })
        .where(and(eq(jobRuns.job, job.name), eq(jobRuns.period, period)));
      return { job: job.name, period, ran: true, result };
    });
  }

  /** Every job that is due, one after the other; a failing job is logged and does not stop the others. */
  async function tick(): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = [];
    for (const job of jobs) {
      try {
        outcomes.push(await runJob(job));
      } catch (err) {
        log?.error({ err, job: job.name }, 'scheduled job failed');
        outcomes.push({ job: job.name, period: null, ran: false, error: (err as Error).message });
      }
      onOutcome?.(outcomes[outcomes.length - 1]);
    }
    return outcomes;
  }

  return {
    tick,
    /** The tick started with the scheduler (a catch-up after a restart), for whoever wants to wait for it. */
    lastTick: () => lastTick,
    get running() {
      return crons.length > 0;
    },
    /** Ticks every ten minutes (and once now), and drains the delivery queue every 15 seconds. */
    start({ deliver }: { deliver: () => Promise<unknown> }) {
      if (crons.length) return;
      const catchErr = (what: string) => (err: unknown) => log?.error({ err }, `${what} failed`);
      lastTick = tick();
      crons.push(
        new Cron('*/10 * * * *', { timezone: timeZone, protect: true, catch: catchErr('scheduler tick'), name: 'rectify-jobs' }, async () => {
          lastTick = tick();
          await lastTick;
        }),
        new Cron('*/15 * * * * *', { protect: true, catch: catchErr('delivery worker'), name: 'rectify-deliveries' }, async () => {
          await deliver();
        }),
      );
    },
    nextRuns() {
      return crons.map((c) => ({ name: c.name ?? '', next: c.nextRun()?.toISOString() ?? null }));
    },
    async stop() {
      for (const cron of crons.splice(0)) cron.stop();
      await lastTick.catch(() => undefined);
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
