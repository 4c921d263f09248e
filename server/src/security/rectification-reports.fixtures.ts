import { sql } from 'drizzle-orm';
import type { TestApp } from '../test/test-app.js';
import { multipart, tinyPdf } from '../test/multipart.js';
import type { BaseWorld, Scope } from './world.js';
import type { ScopeExtras } from './world-extras.js';

type Db = BaseWorld['db'];

/**
 * A copy of the scope's target item (its code, text and markers) drawn from a review, so that the review has a
 * problem for the organization to report on. Written straight into the table: no route moves an item into a review.
 */
export async function reviewItem(db: Db, { reviewId, itemId }: { reviewId: number; itemId: number }) {
  const { rows } = await db.execute<{ id: number }>(sql`
    INSERT INTO items (code, org_id, committee_id, source, review_id, title, description, deadline, original_deadline, type, status, created_by, updated_by, search_text)
    SELECT code || '-R' || ${reviewId}::text, org_id, committee_id, source, ${reviewId}, title, description, deadline, original_deadline, type, status, created_by, updated_by, search_text
    FROM items WHERE id = ${itemId} RETURNING id`);
  return Number(rows[0].id);
}

/** A signed report waiting for the committee, written straight into the table (the file itself is never read). */
export async function submittedReport(db: Db, { reviewId, orgId, userId }: { reviewId: number; orgId: number; userId: number }) {
  await db.execute(sql`
    INSERT INTO rectification_reports (review_id, org_id, kind, status, storage_key, file_name, mime, size, sha256, submitted_by)
    VALUES (${reviewId}, ${orgId}, 'org', 'submitted', ${`fx/${reviewId}/${orgId}/${Math.random().toString(36).slice(2)}`}, '整改情况报告.pdf', 'application/pdf', 10, ${'0'.repeat(64)}, ${userId})`);
}

/**
 * Every scope's review gets a problem of its organization, that organization's signed report and the committee's
 * signed summary, uploaded through the routes by a clerk and a supervisor of the top committee (who reach every
 * scope); the review shared by the police committee and finance gets a problem of each and the police report. The
 * reporting periods are made the same way.
 */
export async function createReportFixtures(t: TestApp, world: BaseWorld, { byScope, shared }: { byScope: Record<Scope, ScopeExtras>; shared: { reviewId?: number } }) {
  await t.db.execute(sql`
    INSERT INTO users (username, display_name, role, org_id, password_hash)
    SELECT 'fx.supervisor-committee', '工委督办（报告）', 'supervisor', org_id, password_hash FROM users WHERE username = 'fx.branch-committee'`);
  async function upload(as: string, url: string, filename = '整改情况报告（签字盖章）.pdf') {
    const form = multipart([{ name: 'file', file: { filename, content: tinyPdf('signed report'), contentType: 'application/pdf' } }]);
    const res = await t.as(as)({ method: 'POST', url, ...form });
    if (res.statusCode !== 201) throw new Error(`report fixture ${url}: ${res.statusCode} ${res.body}`);
  }
  for (const [scope, extras] of Object.entries(byScope) as Array<[Scope, ScopeExtras]>) {
    if (!extras.reviewId) continue;
    await reviewItem(t.db, { reviewId: extras.reviewId, itemId: world.targets[scope].item.id });
    await upload('fx.branch-committee', `/api/reviews/${extras.reviewId}/rectification-reports/${world.orgOf(scope)}`);
    await upload('fx.supervisor-committee', `/api/reviews/${extras.reviewId}/summary-report`);
  }
  if (shared.reviewId) {
    for (const scope of ['own', 'sibling'] as const) await reviewItem(t.db, { reviewId: shared.reviewId, itemId: world.targets[scope].item.id });
    await upload('fx.branch-committee', `/api/reviews/${shared.reviewId}/rectification-reports/${world.orgOf('own')}`);
  }
  if (t.app.routePolicy.some((r) => r.url === '/api/report-periods/:id/reports/:orgId')) await createPeriodFixtures(t, world, upload);
}

/**
 * A reporting period of the scope's organization as committee, wide enough to hold every fixture item, with the
 * organization's signed report waiting for a decision. Periods are addressed to everyone under the committee, so
 * their title carries no marker: it is the committee's call to report, not a record of it.
 */
export async function reportPeriod(db: Db, { committeeId, reportOrgId, userId }: { committeeId: number; reportOrgId: number; userId: number }, { submitted = true } = {}) {
  const { rows } = await db.execute<{ id: number }>(sql`
    INSERT INTO rectification_report_periods (committee_id, title, starts_on, ends_on, created_by)
    VALUES (${committeeId}, '2020—2035年度', '2020-01-01', '2035-12-31', ${userId}) RETURNING id`);
  const periodId = Number(rows[0].id);
  if (submitted) {
    await db.execute(sql`
      INSERT INTO rectification_reports (period_id, org_id, kind, status, storage_key, file_name, mime, size, sha256, submitted_by)
      VALUES (${periodId}, ${reportOrgId}, 'org', 'submitted', ${`fx/p${periodId}/${reportOrgId}/${Math.random().toString(36).slice(2)}`}, '整改情况报告.pdf', 'application/pdf', 10, ${'0'.repeat(64)}, ${userId})`);
  }
  return periodId;
}

/** The periods made with the world, by database: one per scope, and the top committee's shared by both sides. */
const periodsOf = new WeakMap<object, { byScope: Record<Scope, number>; shared: number }>();

/**
 * A period per scope (its organization the committee) with that organization's signed report uploaded through the
 * route, and the top committee's period with the police committee's report and finance's beside it.
 */
async function createPeriodFixtures(t: TestApp, world: BaseWorld, upload: (as: string, url: string, fileName?: string) => Promise<void>) {
  const byScope = {} as Record<Scope, number>;
  for (const scope of ['own', 'child', 'parent', 'sibling'] as const) {
    byScope[scope] = await reportPeriod(t.db, { committeeId: world.orgOf(scope), reportOrgId: world.orgOf(scope), userId: world.targets[scope].userId }, { submitted: false });
    await upload('fx.branch-committee', `/api/report-periods/${byScope[scope]}/reports/${world.orgOf(scope)}`);
  }
  const shared = await reportPeriod(t.db, { committeeId: world.orgOf('parent'), reportOrgId: world.orgOf('own'), userId: world.targets.own.userId }, { submitted: false });
  await upload('fx.branch-committee', `/api/report-periods/${shared}/reports/${world.orgOf('own')}`);
  await upload('fx.branch-committee', `/api/report-periods/${shared}/reports/${world.orgOf('sibling')}`, `${world.targets.sibling.marker}-整改情况报告.pdf`);
  periodsOf.set(t.db, { byScope, shared });
}

const periodsMade = (world: Pick<BaseWorld, 'db'>) => {
  const made = periodsOf.get(world.db);
  if (!made) throw new Error('the report period fixtures were not made with this world');
  return made;
};

/** The period whose committee is the scope's organization, with its report submitted. */
export const scopePeriod = (world: Pick<BaseWorld, 'db'>, scope: Scope) => periodsMade(world).byScope[scope];

/** The top committee's period, where the police committee and finance have each submitted a report. */
export const sharedPeriod = (world: Pick<BaseWorld, 'db'>) => periodsMade(world).shared;
