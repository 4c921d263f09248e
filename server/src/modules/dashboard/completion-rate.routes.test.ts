import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { addDays } from '../../lib/dates.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { items } from '../items/items.table.js';
import { closeItem, createReview } from '../reviews/reviews.test-helpers.js';

// The monthly report reads the history, stamped by the database's own clock: the test runs at the real time.
const clock = fixedClock(new Date().toISOString());

/** 整改完成率 means one thing wherever it is shown: closed ÷ items not cancelled. */
describe('整改完成率 across the dashboard, the ranking, reviews, common problems and the monthly report', () => {
  let t: TestApp;
  let reviewId: number;
  let problemId: number;
  let today: string;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    today = (await json('/api/dashboard')).asOf;
  });
  afterAll(() => t.close());

  const json = async (url: string) => {
    const res = await t.as('supervisor')({ method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  /** The rate of the police subtree as each view reports it. */
  async function ratesShown() {
    const dashboard = await json(`/api/dashboard?orgId=${t.orgs.police}`);
    const ranking = (await json('/api/dashboard')).byOrg.find((r: { orgId: number }) => r.orgId === t.orgs.police);
    const ranked = (await json('/api/dashboard?sort=completionRate')).byOrg.find((r: { orgId: number }) => r.orgId === t.orgs.police);
    const review = await json(`/api/reviews/${reviewId}`);
    const problem = await json(`/api/common-problems/${problemId}`);
    const report = await json(`/api/reports/monthly?month=${today.slice(0, 7)}&org=${t.orgs.police}`);
    const reportRow = (await json(`/api/reports/monthly?month=${today.slice(0, 7)}`)).byOrg.find((r: { orgId: number }) => r.orgId === t.orgs.police);
    return {
      dashboard: dashboard.totals.completionRate,
      ranking: ranking.completionRate,
      ranked: ranked.completionRate,
      review: review.rollup.completionRate,
      problem: problem.rollup.completionRate,
      report: report.figures.completionRate,
      reportRow: reportRow.completionRate,
    };
  }

  it('when 2 of 3 items are closed and the third is open before its deadline, every view shows 2/3, not 100 %', async () => {
    reviewId = (await createReview(t, { title: '专项检查反馈' })).id;
    const res = await t.as('supervisor')({
      method: 'POST',
      url: '/api/items/batch',
      payload: { source: 'review', reviewId, description: '“三会一课”记录不规范。', deadline: addDays(today, 60), type: 'deadline', orgIds: [t.orgs.police, t.orgs.traffic, t.orgs['police-office']] },
    });
    expect(res.statusCode, res.body).toBe(201);
    problemId = res.json().commonProblem.id;
    const rows = await t.db.select().from(items).where(eq(items.commonProblemId, problemId));
    for (const org of [t.orgs.traffic, t.orgs['police-office']]) await closeItem(t, rows.find((r) => r.orgId === org)!.id);

    const shown = await ratesShown();
    for (const [view, rate] of Object.entries(shown)) expect(rate, view).toBeCloseTo(2 / 3, 10);
  });

  it('when the organization has 6 open items and 2 closed, the dashboard, ranking, review and report all show 25 %', async () => {
    for (let i = 0; i < 5; i++) await createItem(t, { orgId: t.orgs.police, reviewId, deadline: addDays(today, 90) });
    const shown = await ratesShown();
    expect(shown).toEqual({ dashboard: 0.25, ranking: 0.25, ranked: 0.25, review: 0.25, problem: expect.closeTo(2 / 3, 10), report: 0.25, reportRow: 0.25 });
  });
});
