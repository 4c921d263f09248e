import { and, eq, isNull, sql } from 'drizzle-orm';
import type { MonthlyReport } from '@rectify/shared';
import type pg from 'pg';
import type { Db, Tx } from '../../db/client.js';
import { withSnapshotReaders } from '../../db/snapshot-readers.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthUser } from '../../plugins/auth.js';
import { createOrgsService } from '../orgs/orgs.service.js';
import { orgs } from '../orgs/orgs.table.js';
import { computeMonthlyReport, withCurrentRates } from './reports.compute.js';
import { monthOf, monthPeriod } from './reports.period.js';
import { reportSnapshots } from './reports.table.js';

interface Deps {
  db: Db;
  clock: Clock;
  timeZone: string;
  today(): string;
}

/**
 * Readers the monthly job's statements run on side by side, on a snapshot of its transaction (one per core of a
 * small server: at 1,000,000 items the month's figures and the 签收, trend and 回头看 figures each take seconds).
 */
const SNAPSHOT_JOB_READERS = 2;

/**
 * Stores each committee's report for a finished month (the snapshot job calls this inside its claimed run).
 * The figures come from the history, so the snapshot equals what a later live computation gives; it keeps the
 * names and numbers exactly as they were reported. With the server's `pool`, the reports' reads run on readers
 * sharing the transaction's snapshot (db/snapshot-readers.ts).
 */
export async function storeMonthlySnapshots(tx: Tx, { month, timeZone, today, now, pool }: { month: string; timeZone: string; today: string; now: Date; pool?: pg.Pool }) {
  // The job replays a month for every committee at once: with the default 4 MB per sort or hash, its joins over a
  // million items spill to disk in batches. For this transaction (and its readers') only.
  const settings = { work_mem: '64MB' };
  await tx.execute(sql`SELECT set_config('work_mem', ${settings.work_mem}, true)`);
  const roots = await tx.select().from(orgs).where(isNull(orgs.parentId));
  await withSnapshotReaders(tx, { pool, count: SNAPSHOT_JOB_READERS, settings }, async (read) => {
    for (const root of roots) {
      const report = await computeMonthlyReport(tx, { scope: { id: root.id, name: root.name, path: root.path, depth: root.depth }, month, timeZone, today, now }, read);
      await tx.insert(reportSnapshots).values({ month, orgId: root.id, data: report, createdAt: now }).onConflictDoNothing();
    }
  });
  return { committees: roots.length };
}

export function createReportsService({ db, clock, timeZone, today }: Deps) {
  const orgsService = createOrgsService({ db });

  return {
    /** The caller's report: their own scope, or an organization in it; months after the current one are refused. */
    async monthly(user: AuthUser, { month, orgId }: { month: string; orgId?: number }): Promise<MonthlyReport> {
      const day = today();
      if (month > monthOf(day) || month < '2000-01') throw new AppError('reports.month_invalid');
      const { org } = await orgsService.getScoped(user, orgId ?? user.orgId);
      const complete = day >= monthPeriod(month).nextFirstDay;
      if (complete && org.parentId === null) {
        const [snapshot] = await db
          .select()
          .from(reportSnapshots)
          .where(and(eq(reportSnapshots.month, month), eq(reportSnapshots.orgId, org.id)));
        if (snapshot) return { ...withCurrentRates(snapshot.data as MonthlyReport), source: 'snapshot' };
      }
      return computeMonthlyReport(db, { scope: { id: org.id, name: org.name, path: org.path, depth: org.depth }, month, timeZone, today: day, now: clock.now() });
    },
  };
}
