import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { sharedPeriod } from './rectification-reports.fixtures.js';
import { responseText } from './response-text.js';
import { selfCheckAnswer } from './self-checks.fixtures.js';
import { createWorld, signedInRoles, type World } from './world.js';

/**
 * The formats the supervision work added, read by every actor of the police party committee where finance has its
 * own part beside it: the .docx drafts of both report kinds (an organization's, on a review and on a period, and the
 * committee's summary), the three-list workbook, the 举一反三 requests and answers, and a second review with items
 * carried from the first. Each answer must show the police side's own records and none of the parent's or finance's.
 */
describe('nothing out of scope appears in the supervision formats', () => {
  let t: TestApp;
  let world: World;
  let outside: string[];
  let inside: string[];
  let secondReviewId: number;
  let periodId: number;

  beforeAll(async () => {
    t = await createTestApp();
    world = await createWorld(t);
    const name = async (scope: 'own' | 'sibling') => (await t.db.execute<{ name: string }>(sql`SELECT name FROM orgs WHERE id = ${world.orgOf(scope)}`)).rows[0].name;
    const { own, child, parent, sibling } = world.targets;
    outside = [parent.marker, sibling.marker, parent.item.code, sibling.item.code, await name('sibling')];
    inside = [own.marker, child.marker, await name('own')];

    // 举一反三: every scope has a request to answer; the police item is also asked of finance, which answers 不存在.
    for (const scope of ['own', 'child', 'parent', 'sibling'] as const) await selfCheckAnswer(world, scope);
    await t.db.execute(sql`
      WITH r AS (
        INSERT INTO self_check_requests (origin_item_id, asked_by_org_id, problem, deadline, created_by)
        SELECT i.id, i.committee_id, ${`${own.marker} 举一反三：发展党员程序不规范。`}, '2030-12-31', i.created_by FROM items i WHERE i.id = ${own.item.id}
        RETURNING id)
      INSERT INTO self_check_answers (request_id, org_id, answer, explanation, answered_at)
      SELECT r.id, ${world.orgOf('sibling')}, 'absent', ${`${sibling.marker} 经自查不存在该问题`}, now() FROM r`);

    // 述前述后: a second review of the top committee for both sides, each carrying its unfinished items of the first.
    secondReviewId = await world.extras.review('parent', `${own.marker} 第二年`, 'own');
    for (const scope of ['own', 'sibling'] as const) {
      const res = await t.as('supervisor')({ method: 'POST', url: `/api/reviews/${secondReviewId}/carry`, payload: { orgId: world.orgOf(scope) } });
      if (res.statusCode !== 200) throw new Error(`carry fixture: ${res.statusCode} ${res.body}`);
    }
    periodId = sharedPeriod(world);
  }, 300_000);
  afterAll(() => t.close());

  const routes = () => {
    const { shared, byScope } = world.extras;
    const own = world.orgOf('own');
    return [
      `/api/reviews/${shared.reviewId}/rectification-reports/${own}/draft.docx`,
      `/api/reviews/${shared.reviewId}/rectification-reports`,
      `/api/reviews/${byScope.own.reviewId}/summary-report/draft.docx`,
      `/api/report-periods/${periodId}`,
      `/api/report-periods/${periodId}/reports/${own}/draft.docx`,
      '/api/items/export-lists.xlsx',
      '/api/self-checks',
      '/api/self-checks/tasks',
      `/api/items/${world.targets.own.item.id}/self-checks`,
      `/api/reviews/${secondReviewId}`,
      `/api/reviews/${secondReviewId}/earlier?orgId=${own}`,
    ];
  };

  it('when each actor reads them, every answer shows its own side and nothing of the parent or finance', async () => {
    const leaks: string[] = [];
    for (const url of routes()) {
      for (const role of signedInRoles) {
        const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${world.tokenOf(role)}` } });
        if (res.statusCode !== 200) {
          leaks.push(`${url} as ${role}: status ${res.statusCode}`);
          continue;
        }
        const text = await responseText(res);
        for (const marker of outside) if (text.includes(marker)) leaks.push(`${url} as ${role}: shows ${marker}`);
        // The answer is about real data of the caller's side, so an empty one cannot pass for a clean one.
        if (!inside.some((marker) => text.includes(marker))) leaks.push(`${url} as ${role}: shows nothing of its own side`);
      }
    }
    expect(leaks).toEqual([]);
  }, 240_000);

  it('when the police side carries its items into the second review, finance’s carried items stay out of its view', async () => {
    const carried = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM review_items WHERE review_id = ${secondReviewId}`);
    expect(carried.rows[0].n).toBeGreaterThanOrEqual(2);
    const res = await t.app.inject({ method: 'GET', url: `/api/reviews/${secondReviewId}`, headers: { authorization: `Bearer ${world.tokenOf('branch')}` } });
    expect(res.body).toContain(world.targets.own.marker);
    expect(res.body).not.toContain(world.targets.sibling.marker);
  });
});
