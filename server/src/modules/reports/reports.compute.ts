import type { DbOrTx } from '../../db/client.js';
import type { MonthlyFigures, MonthlyReport } from '@rectify/shared';
import { and, eq, inArray } from 'drizzle-orm';
import { rates } from '../../lib/rates.js';
import { categories } from '../categories/categories.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { monthFigures, monthlyTrend, noticesIssued, totalFigures, type FigureRow, type Scope } from './reports.figures.js';
import { reportSnapshots } from './reports.table.js';
import { monthPeriod, shiftMonth, type MonthPeriod } from './reports.period.js';
import { roundFigures } from '../rechecks/rechecks.report.js';
import { escalationFigures } from '../escalation/escalation.report.js';
import { reviewLevelFigures } from '../review-levels/review-levels.report.js';
import { acknowledgeFigures } from '../items-acknowledge/items-acknowledge.report.js';
import { allRead, singleLane, type ReadLanes } from '../../db/snapshot-readers.js';

export interface ReportScope extends Scope {
  name: string;
}

/**
 * 整改完成率 and 按期销号率 as everywhere (lib/rates.ts): `totalItems` already leaves out the items cancelled by the
 * month end. A report stored before `closedOnTimeTotal` was counted has no 按期销号率 (null, shown as —).
 */
const monthRates = (row: Omit<FigureRow, 'closedOnTimeTotal'> & { closedOnTimeTotal?: number }) => {
  const { completionRate, onTimeRate } = rates({ total: row.totalItems, cancelled: 0, closed: row.closedTotal, closedOnTime: row.closedOnTimeTotal ?? 0, overdueOpen: row.overdue });
  return { completionRate, onTimeRate: row.closedOnTimeTotal === undefined ? null : onTimeRate };
};
export const completionRate = (row: FigureRow) => monthRates(row).completionRate;
const withRate = <T extends Omit<FigureRow, 'closedOnTimeTotal'> & { closedOnTimeTotal?: number }>(row: T): T & { completionRate: number | null; onTimeRate: number | null } => ({
  ...row,
  ...monthRates(row),
});
const rateChange = (now: number | null, before: number | null) => (now === null || before === null ? null : Math.round((now - before) * 10000) / 100);

/** A stored report with its rates worked out again from its counts, so a snapshot shows today's definition. */
export function withCurrentRates(report: MonthlyReport): MonthlyReport {
  const figures = withRate(report.figures);
  const previous = withRate(report.previous);
  return {
    ...report,
    figures,
    previous,
    change: { ...report.change, completionRate: rateChange(figures.completionRate, previous.completionRate) },
    byOrg: report.byOrg.map(withRate),
    byCategory: report.byCategory.map(withRate),
  };
}
/**
 * The month before's figures: a committee's stored report of that month has them exactly as a replay of the
 * history would (the history is append-only and the month is over), so the job and the running month's report
 * read them instead of replaying the history a second time. A report stored before every count was kept is not used.
 */
async function previousFigures(db: DbOrTx, { scope, period, timeZone }: { scope: ReportScope; period: MonthPeriod; timeZone: string }): Promise<MonthlyFigures> {
  const [stored] = await db
    .select({ data: reportSnapshots.data })
    .from(reportSnapshots)
    .where(and(eq(reportSnapshots.month, period.month), eq(reportSnapshots.orgId, scope.id)));
  const figures = (stored?.data as MonthlyReport | undefined)?.figures;
  if (figures && figures.closedOnTimeTotal !== undefined) return { ...figures, ...monthRates(figures) };
  const total = await totalFigures(db, { scope, period, timeZone, asOfDay: period.nextFirstDay });
  return { ...withRate(total), noticesIssued: await noticesIssued(db, { scope, period }) };
}
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86400000);

/**
 * The monthly rectification report of a scope, from the history as of the month's end (for the running month:
 * everything recorded so far, lights as of today). Pass a transaction to compute it inside one.
 */
export async function computeMonthlyReport(
  db: DbOrTx,
  { scope, month, timeZone, today, now }: { scope: ReportScope; month: string; timeZone: string; today: string; now: Date },
  read: ReadLanes = singleLane(db),
): Promise<MonthlyReport> {
  const period = monthPeriod(month);
  const previousPeriod = monthPeriod(shiftMonth(month, -1));
  const complete = today >= period.nextFirstDay;
  // Lights at the month's end are judged on the first day of the next month: a deadline on the last day has passed.
  const asOfDay = complete ? period.nextFirstDay : today;
  const args = { scope, period, timeZone, asOfDay };

  // Independent reads, the longest first: with more than one reader (the monthly job's) they run side by side.
  const [current, acknowledge, trendRows, rounds, before, notices, escalations, reviews] = await allRead([
    monthFigures(read, args),
    read((r) => acknowledgeFigures(r, { scope, period, timeZone, asOfDay, complete })),
    read((r) => monthlyTrend(r, { scope, from: monthPeriod(shiftMonth(month, -11)).firstDay, period, timeZone })),
    read((r) => roundFigures(r, { scope, period, timeZone })),
    read((r) => previousFigures(r, { scope, period: previousPeriod, timeZone })),
    read((r) => noticesIssued(r, { scope, period })),
    read((r) => escalationFigures(r, { scope, period, timeZone })),
    read((r) => reviewLevelFigures(r, { scope, period, timeZone })),
  ]);
  const overdue = current.overdue;

  const orgIds = current.byOrg.map((r) => r.orgId);
  const categoryIds = current.byCategory.map((r) => r.categoryId).filter((id): id is number => id !== null);
  const orgRows = orgIds.length ? await db.select({ id: orgs.id, name: orgs.name, sortOrder: orgs.sortOrder }).from(orgs).where(inArray(orgs.id, orgIds)) : [];
  const categoryRows = categoryIds.length ? await db.select({ id: categories.id, name: categories.name, sortOrder: categories.sortOrder }).from(categories).where(inArray(categories.id, categoryIds)) : [];
  const orgOf = new Map(orgRows.map((o) => [o.id, o]));
  const categoryOf = new Map(categoryRows.map((c) => [c.id, c]));

  const figures: MonthlyFigures = { ...withRate(current.total), noticesIssued: notices };

  const byOrg = current.byOrg
    .map((r) => ({ ...withRate(r), orgName: orgOf.get(r.orgId)?.name ?? '' }))
    // Most overdue first, then the most still open, then by name.
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.orgName.localeCompare(b.orgName, 'zh-CN'));
  const byCategory = current.byCategory
    .map((r) => ({ ...withRate(r), categoryName: r.categoryId === null ? null : (categoryOf.get(r.categoryId)?.name ?? null) }))
    .sort((a, b) => (a.categoryId === null ? 1 : 0) - (b.categoryId === null ? 1 : 0) || (categoryOf.get(a.categoryId!)?.sortOrder ?? 0) - (categoryOf.get(b.categoryId!)?.sortOrder ?? 0));

  const trendOf = new Map(trendRows.map((r) => [r.month, r]));
  const trend = Array.from({ length: 12 }, (_, i) => shiftMonth(month, i - 11)).map((m) => ({ month: m, newItems: trendOf.get(m)?.newItems ?? 0, closed: trendOf.get(m)?.closed ?? 0 }));

  return {
    month,
    orgId: scope.id,
    orgName: scope.name,
    firstDay: period.firstDay,
    lastDay: period.lastDay,
    complete,
    source: 'live',
    generatedAt: now.toISOString(),
    figures,
    previous: before,
    change: {
      newItems: figures.newItems - before.newItems,
      closed: figures.closed - before.closed,
      open: figures.open - before.open,
      overdue: figures.overdue - before.overdue,
      noticesIssued: figures.noticesIssued - before.noticesIssued,
      completionRate: rateChange(figures.completionRate, before.completionRate),
    },
    byOrg,
    byCategory,
    overdueItems: overdue.map((r) => ({
      itemId: r.itemId,
      code: r.code,
      title: r.title,
      orgName: r.orgName,
      categoryName: r.categoryName,
      deadline: r.deadline,
      daysOverdue: daysBetween(r.deadline, asOfDay),
      status: r.status as MonthlyReport['overdueItems'][number]['status'],
      responsiblePerson: r.responsiblePerson,
    })),
    rounds,
    escalations,
    trend,
    reviews,
    acknowledge,
  };
}

