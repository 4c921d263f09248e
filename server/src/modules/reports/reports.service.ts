import { and, eq, isNull, sql } from 'drizzle-orm';
import type { MonthlyReport } from '@rectify/shared';
import type { Db, DbOrTx } from '../../db/client.js';
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
 * Stores each committee's report for a finished month (the snapshot job calls this inside its claimed run).
 * The figures come from the history, so the snapshot equals what a later live computation gives; it keeps the
 * names and numbers exactly as they were reported.
 */
export async function storeMonthlySnapshots(tx: DbOrTx, { month, timeZone, today, now }: { month: string; timeZone: string; today: string; now: Date }) {
  // The job replays a month for every committee at once: with the default 4 MB per sort or hash, its joins over a
  // million items spill to disk in batches. For this transaction only.
  await tx.execute(sql`SELECT set_config('work_mem', '64MB', true)`);
  const roots = await tx.select().from(orgs).where(isNull(orgs.parentId));
  for (const root of roots) {
    const report = await computeMonthlyReport(tx, { scope: { id: root.id, name: root.name, path: root.path, depth: root.depth }, month, timeZone, today, now });
    await tx.insert(reportSnapshots).values({ month, orgId: root.id, data: report, createdAt: now }).onConflictDoNothing();
  }
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
