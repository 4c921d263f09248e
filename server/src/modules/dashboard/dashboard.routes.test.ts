import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { addDays } from '../../lib/dates.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { writeDemoLedger } from '../reports/reports.test-helpers.js';

const clock = fixedClock('2026-06-10T02:00:00Z');
const today = '2026-06-10';

type Row = {
  id: number;
  org_id: number;
  path: string;
  category_id: number | null;
  source: string;
  review_id: number | null;
  status: string;
  deadline: string;
  closed_late: boolean | null;
  closed_on: string | null;
  created_day: string;
};

/** The dashboard's figures counted one item at a time from the rows, independently of its SQL. */
function count(rows: Row[]) {
  const open = rows.filter((r) => ['issued', 'in_progress', 'closure_requested'].includes(r.status));
  const closed = rows.filter((r) => r.status === 'closed');
  const overdue = open.filter((r) => r.deadline < today).length;
  return {
    total: rows.filter((r) => r.status !== 'cancelled').length,
    open: open.length,
    overdue,
    nearDeadline: open.filter((r) => r.deadline >= today && r.deadline <= addDays(today, 7)).length,
    closed: closed.length,
    closedOnTime: closed.filter((r) => !r.closed_late).length,
    closedLate: closed.filter((r) => r.closed_late).length,
    cancelled: rows.filter((r) => r.status === 'cancelled').length,
    due: closed.length + overdue,
  };
}

describe('dashboard', () => {
  let t: TestApp;
  let rows: Row[];
  const get = async (query = '', as = 'supervisor') => t.as(as)({ method: 'GET', url: `/api/dashboard${query}` });
  const under = (orgId: number) => rows.filter((r) => r.path.includes(`/${orgId}/`));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await writeDemoLedger(t, today);
    rows = (
      await t.db.execute<Row>(sql`
        SELECT i.id, i.org_id, o.path, i.category_id, i.source, i.review_id, i.status, i.deadline::text AS deadline, i.closed_late, i.closed_on::text AS closed_on,
          to_char(i.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS created_day
        FROM items i JOIN orgs o ON o.id = i.org_id`)
    ).rows;
  });
  afterAll(() => t.close());

  it('when the committee looks, every total and group equals the counts taken item by item', async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ asOf: today, orgId: t.orgs.committee });
    const all = count(rows);
    expect(d.totals).toMatchObject(all);
    // 整改完成率 over every item not cancelled (not over the due ones only); 按期销号率 over the due ones.
    expect(d.totals.completionRate).toBeCloseTo(all.closed / all.total, 10);
    expect(d.totals.onTimeRate).toBeCloseTo(all.closedOnTime / all.due, 10);
    expect(d.totals.byLight).toEqual({ red: all.overdue, yellow: all.nearDeadline, green: all.open - all.overdue - all.nearDeadline });
    const byStatus = Object.fromEntries(['issued', 'in_progress', 'closure_requested', 'closed', 'cancelled'].map((s) => [s, rows.filter((r) => r.status === s).length]));
    expect(d.totals.byStatus).toEqual(byStatus);

    // Organizations directly under the committee, each with its subtree.
    const children = [...new Set(rows.map((r) => Number(r.path.split('/')[2])))];
    expect(d.byOrg).toHaveLength(children.length);
    for (const row of d.byOrg) expect(row).toMatchObject(count(under(row.orgId)));
    for (let i = 1; i < d.byOrg.length; i++) expect(d.byOrg[i - 1].overdue).toBeGreaterThanOrEqual(d.byOrg[i].overdue);
    for (const row of d.byCategory) expect(row).toMatchObject(count(rows.filter((r) => r.category_id === row.categoryId)));
    for (const row of d.bySource) expect(row).toMatchObject(count(rows.filter((r) => r.source === row.source)));
    expect(d.byReview).toEqual([expect.objectContaining({ reviewId: null, ...count(rows) })]);

    expect(d.trend.map((m: { month: string }) => m.month)).toEqual(['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    for (const m of d.trend) {
      expect(m.issued).toBe(rows.filter((r) => r.created_day.startsWith(m.month)).length);
      expect(m.closed).toBe(rows.filter((r) => r.status === 'closed' && r.closed_on!.startsWith(m.month)).length);
    }
  });

  it('when a period is given, only items issued in it count', async () => {
    const d = (await get('?from=2026-04-01&to=2026-04-30')).json();
    expect(d.period).toEqual({ from: '2026-04-01', to: '2026-04-30' });
    expect(d.totals).toMatchObject(count(rows.filter((r) => r.created_day >= '2026-04-01' && r.created_day <= '2026-04-30')));
    expect((await get('?from=2026-05-01&to=2026-04-01')).statusCode).toBe(400);
  });

  it('when a branch looks, it sees its subtree only; another organization is not found', async () => {
    const d = (await get('', 'branch')).json();
    expect(d.orgId).toBe(t.orgs.police);
    expect(d.totals).toMatchObject(count(under(t.orgs.police)));
    expect(d.byOrg.map((r: { orgId: number }) => r.orgId).every((id: number) => [t.orgs.police, t.orgs.traffic, t.orgs['police-office']].includes(id))).toBe(true);
    expect((await get(`?orgId=${t.orgs.finance}`, 'branch')).statusCode).toBe(404);
    const narrowed = (await get(`?orgId=${t.orgs.police}`)).json();
    expect(narrowed.totals).toEqual(d.totals);
    expect((await get('', 'viewer')).statusCode).toBe(200);
    expect((await get('?extra=1')).statusCode).toBe(400);
  });

  it('when organizations are sorted by name or completion rate, the order follows', async () => {
    const byName = (await get('?sort=name')).json().byOrg.map((r: { orgName: string }) => r.orgName);
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    const byRate = (await get('?sort=completionRate&order=asc')).json().byOrg.map((r: { completionRate: number | null }) => r.completionRate ?? -1);
    expect(byRate).toEqual([...byRate].sort((a, b) => a - b));
  });
});
