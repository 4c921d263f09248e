import type { Dashboard, DashboardFigures, DashboardQuery, ItemSource } from '@rectify/shared';
import { itemSourceLabels } from '@rectify/shared';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { rates } from '../../lib/rates.js';
import type { AuthUser } from '../../plugins/auth.js';
import { categories } from '../categories/categories.table.js';
import { createOrgsService } from '../orgs/orgs.service.js';
import { orgs } from '../orgs/orgs.table.js';
import { monthPeriod, shiftMonth } from '../reports/reports.period.js';
import type { SettingsStore } from '../settings/settings.service.js';
import { dashboardGroups, dashboardTrend, type CountRow } from './dashboard.query.js';
import { currentRollups, rollupGroups } from './dashboard.rollups.js';

/** The counts of a row and its rates (`total` here leaves cancelled items out; `rates` wants them in). */
function figures(row: CountRow): DashboardFigures {
  const due = row.closed + row.overdue;
  const { completionRate, onTimeRate } = rates({ total: row.total + row.cancelled, cancelled: row.cancelled, closed: row.closed, closedOnTime: row.closedOnTime, overdueOpen: row.overdue });
  return {
    total: row.total,
    open: row.open,
    overdue: row.overdue,
    nearDeadline: row.nearDeadline,
    closed: row.closed,
    closedOnTime: row.closedOnTime,
    closedLate: row.closedLate,
    cancelled: row.cancelled,
    due,
    completionRate,
    onTimeRate,
  };
}

const orgSorts = {
  overdue: (a: DashboardFigures, b: DashboardFigures) => a.overdue - b.overdue || a.open - b.open,
  completionRate: (a: DashboardFigures, b: DashboardFigures) => (a.completionRate ?? -1) - (b.completionRate ?? -1),
  total: (a: DashboardFigures, b: DashboardFigures) => a.total - b.total,
};

/** `db` serves the reads (a replica may); `primaryDb`, when given, is where the prepared counts are brought to the day. */
export function createDashboardService({ db, primaryDb = db, settings, today, timeZone }: { db: Db; primaryDb?: Db; settings: SettingsStore; today(): string; timeZone: string }) {
  const orgsService = createOrgsService({ db });

  return {
    /**
     * Without a period the figures come from the prepared per-subtree counts (`item_rollups`), a read of a few
     * dozen rows; with a period, or with `{ counted: 'items' }` (the tests' reference), they are counted from the
     * items themselves. Both give the same answer.
     */
    async get(user: AuthUser, query: DashboardQuery, { counted }: { counted?: 'items' } = {}): Promise<Dashboard> {
      if (query.from && query.to && query.from > query.to) throw new AppError('common.validation', { details: { fields: ['from', 'to'] } });
      const { org } = await orgsService.getScoped(user, query.orgId ?? user.orgId);
      const day = today();
      const { yellowDays } = await settings.windows(day);
      const scope = { id: org.id, path: org.path, depth: org.depth };
      const endMonth = (query.to ?? day).slice(0, 7);
      const firstMonth = shiftMonth(endMonth, -11);
      const prepared = !query.from && !query.to && counted !== 'items';
      const rollupsDb = prepared ? await currentRollups({ read: db, write: primaryDb, today: day, yellowDays, timeZone }) : db;
      const { groups, trend: trendRows } = prepared
        ? await rollupGroups(rollupsDb, { scope }, { firstMonth, lastMonth: endMonth })
        : {
            groups: await dashboardGroups(db, { scope, today: day, yellowDays, timeZone, from: query.from, to: query.to }),
            trend: await dashboardTrend(db, { scope, timeZone, firstDay: monthPeriod(firstMonth).firstDay, endDay: monthPeriod(endMonth).nextFirstDay }),
          };

      const of = (dim: string) => groups.filter((g) => g.dim === dim);
      const orgIds = of('org').map((g) => Number(g.key));
      const categoryIds = of('category').filter((g) => g.key !== null).map((g) => Number(g.key));
      const orgNames = new Map((orgIds.length ? await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, orgIds)) : []).map((o) => [o.id, o.name]));
      const categoryRows = categoryIds.length ? await db.select().from(categories).where(inArray(categories.id, categoryIds)) : [];
      const categoryOf = new Map(categoryRows.map((c) => [c.id, c]));

      const sort = query.sort ?? 'overdue';
      const direction = (query.order ?? (sort === 'name' ? 'asc' : 'desc')) === 'asc' ? 1 : -1;
      const byOrg = of('org')
        .map((g) => ({ orgId: Number(g.key), orgName: orgNames.get(Number(g.key)) ?? '', ...figures(g) }))
        .sort((a, b) => {
          const byName = a.orgName.localeCompare(b.orgName, 'zh-CN');
          return sort === 'name' ? direction * byName : direction * orgSorts[sort](a, b) || byName;
        });

      const total = of('total')[0];
      const zero: CountRow = { total: 0, open: 0, overdue: 0, nearDeadline: 0, closed: 0, closedOnTime: 0, closedLate: 0, cancelled: 0, issued: 0, inProgress: 0, closureRequested: 0 };
      const t = total ?? zero;
      const trendOf = new Map(trendRows.map((r) => [r.month, r]));

      return {
        asOf: day,
        orgId: org.id,
        orgName: org.name,
        period: { from: query.from ?? null, to: query.to ?? null },
        totals: {
          ...figures(t),
          byStatus: { issued: t.issued, in_progress: t.inProgress, closure_requested: t.closureRequested, closed: t.closed, cancelled: t.cancelled },
          byLight: { green: t.open - t.overdue - t.nearDeadline, yellow: t.nearDeadline, red: t.overdue },
        },
        byOrg,
        byCategory: of('category')
          .map((g) => ({ categoryId: g.key === null ? null : Number(g.key), categoryName: g.key === null ? null : (categoryOf.get(Number(g.key))?.name ?? null), ...figures(g) }))
          .sort(
            (a, b) =>
              (a.categoryId === null ? 1 : 0) - (b.categoryId === null ? 1 : 0) ||
              (categoryOf.get(a.categoryId!)?.sortOrder ?? 0) - (categoryOf.get(b.categoryId!)?.sortOrder ?? 0) ||
              (a.categoryId ?? 0) - (b.categoryId ?? 0),
          ),
        bySource: of('source')
          .map((g) => ({ source: g.key as ItemSource, label: itemSourceLabels[g.key as ItemSource] ?? g.key!, ...figures(g) }))
          .sort((a, b) => b.total - a.total || a.source.localeCompare(b.source)),
        byReview: of('review')
          .map((g) => ({ reviewId: g.key === null ? null : Number(g.key), ...figures(g) }))
          .sort((a, b) => (a.reviewId ?? Infinity) - (b.reviewId ?? Infinity)),
        trend: Array.from({ length: 12 }, (_, i) => shiftMonth(endMonth, i - 11)).map((month) => ({ month, issued: trendOf.get(month)?.issued ?? 0, closed: trendOf.get(month)?.closed ?? 0 })),
      };
    },
  };
}
