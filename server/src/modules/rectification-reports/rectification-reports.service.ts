import type { Readable } from 'node:stream';
import { rectificationReportStatusLabels, type RectificationReportDecisionBody, type RectificationReportLine, type RectificationReportOverview } from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';
import { dateInZone } from '../../lib/clock.js';
import { pathInScope } from '../../lib/scope.js';
import type { Storage } from '../../lib/storage/storage.js';
import type { AuthUser } from '../../plugins/auth.js';
import type { ItemsDeps } from '../items/items.service.js';
import { createOrgsRepository } from '../orgs/orgs.repository.js';
import { createReviewsRepository } from '../reviews/reviews.repository.js';
import { createReviewsService } from '../reviews/reviews.service.js';
import { orgReportDocx, reportTitle, summaryReportDocx } from './rectification-reports.docx.js';
import { createRectificationReportsRepository, type ReportKind, type ReportRow } from './rectification-reports.repository.js';
import { createReportStore, reportCounts, reportFile, reportLine } from './rectification-reports.store.js';

// An organization's report lists every problem; a review's summary lists at most this many unfinished ones.
const problemsPerReport = 2000;
const unfinishedInSummary = 300;

type Deps = ItemsDeps & { storage: Storage; maxBytes: number; timeZone: string };

export function createRectificationReportsService({ storage, maxBytes, ...deps }: Deps) {
  const { db, today } = deps;
  // Whether a report came late is judged by the day it arrived where the committee is.
  const dayOf = (instant: Date) => dateInZone(instant, deps.timeZone);
  const repo = createRectificationReportsRepository({ db });
  const reviewsService = createReviewsService(deps);

  async function visibleReview(user: AuthUser, reviewId: number) {
    const { review } = await createReviewsRepository({ db }).findVisible(reviewId, user.orgPath);
    if (!review) throw new AppError('reviews.not_found');
    return { review };
  }

  /** The committee's own part (deadline, decisions, the summary) needs the committee that held it in scope. */
  async function committeeReview(user: AuthUser, reviewId: number) {
    const { review } = await visibleReview(user, reviewId);
    if (!pathInScope(user.orgPath, review.committeePath)) throw new AppError('reviews.not_found');
    return { review };
  }

  /** An organization of the review (under its committee) in the caller's scope; anything else is not there. */
  async function reviewOrg(user: AuthUser, reviewId: number, orgId: number) {
    const { review } = await visibleReview(user, reviewId);
    const { org } = await createOrgsRepository({ db }).findById(orgId);
    if (!org || !pathInScope(user.orgPath, org.path) || !pathInScope(review.committeePath, org.path)) throw new AppError('rectification_reports.not_found');
    return { review, org };
  }

  const files = (dueOn: string | null) => (row: ReportRow) => reportFile(row, dueOn, dayOf);
  const lineOf = (org: { orgId: number; orgName: string; itemCount: number }, uploads: ReportRow[], dueOn: string | null): RectificationReportLine => reportLine(org, uploads, files(dueOn));
  const store = createReportStore({ db, storage, maxBytes });

  async function assertOpen(target: { reviewId: number; orgId: number; kind: ReportKind }) {
    const { report } = await repo.current(target);
    if (report?.status === 'accepted') throw new AppError('rectification_reports.accepted');
  }

  return {
    async overview(user: AuthUser, reviewId: number): Promise<RectificationReportOverview> {
      const { review } = await visibleReview(user, reviewId);
      const detail = await reviewsService.detail(user, reviewId);
      const orgs = detail.organizations
        .map((o) => ({ orgId: o.orgId, orgName: o.orgName, itemCount: o.rollup.total - o.rollup.cancelled }))
        .filter((o) => o.itemCount > 0);
      const { dueOn } = await repo.deadline(reviewId);
      const uploads = await repo.uploads({ reviewId, kind: 'org', orgIds: orgs.map((o) => o.orgId) });
      const organizations = orgs.map((o) => lineOf(o, uploads, dueOn));
      const ownsCommittee = pathInScope(user.orgPath, review.committeePath);
      let summary: RectificationReportLine | null = null;
      if (ownsCommittee) {
        const summaryUploads = await repo.uploads({ reviewId, kind: 'summary', orgIds: [review.review.committeeId] });
        summary = lineOf({ orgId: review.review.committeeId, orgName: review.committeeName, itemCount: detail.rollup.total - detail.rollup.cancelled }, summaryUploads, dueOn);
      }
      return { reviewId, dueOn, canDecide: ownsCommittee && user.role === 'supervisor', organizations, summary, counts: reportCounts(organizations) };
    },

    async setDeadline(user: AuthUser, reviewId: number, dueOn: string | null) {
      await committeeReview(user, reviewId);
      await repo.setDeadline({ reviewId, dueOn, userId: user.id });
      return this.overview(user, reviewId);
    },

    /** What the draft of an organization's report is made of; the document itself is built by the caller's queue. */
    async orgDraft(user: AuthUser, reviewId: number, orgId: number) {
      const { review, org } = await reviewOrg(user, reviewId, orgId);
      const problems = await repo.problems({ reviewId, path: org.path, limit: problemsPerReport });
      const input = { reviewTitle: review.review.title, heldOn: review.review.heldOn, committeeName: review.committeeName, orgName: org.name, today: today(), problems };
      return { fileName: `${org.name}-${reportTitle(review.review.title)}（草稿）.docx`, build: () => orgReportDocx(input) };
    },

    async summaryDraft(user: AuthUser, reviewId: number) {
      const { review } = await committeeReview(user, reviewId);
      const day = today();
      const path = review.committeePath;
      const [counts, unfinished, { dueOn }] = await Promise.all([
        repo.countsByOrg({ reviewId, path, today: day }),
        repo.unfinished({ reviewId, path, today: day, limit: unfinishedInSummary }),
        repo.deadline(reviewId),
      ]);
      const uploads = await repo.uploads({ reviewId, kind: 'org', orgIds: counts.map((c) => c.orgId) });
      const submission = (orgId: number) => {
        const current = uploads.find((u) => u.orgId === orgId);
        if (!current) return rectificationReportStatusLabels.missing;
        return `${rectificationReportStatusLabels[current.status as 'submitted']}${dueOn && dayOf(current.submittedAt) > dueOn ? '（逾期）' : ''}`;
      };
      const parentPath = path.split('/').filter(Boolean).slice(0, -1);
      const parent = parentPath.length ? (await createOrgsRepository({ db }).findById(Number(parentPath.at(-1)))).org : undefined;
      const input = {
        reviewTitle: review.review.title,
        heldOn: review.review.heldOn,
        committeeName: review.committeeName,
        addressee: parent?.name ?? null,
        today: day,
        orgs: counts.map((c) => ({ orgName: c.orgName, total: c.total, done: c.done, notDone: c.notDone, submission: submission(c.orgId) })),
        unfinished: unfinished.rows.map((r, i) => ({ id: i, code: '', orgName: r.orgName, title: r.title, description: '', type: '', status: '', deadline: r.deadline, closedOn: null, completionNote: null, measures: [], progress: [], evidence: [] })),
        unfinishedMore: Math.max(0, unfinished.total - unfinished.rows.length),
      };
      return { fileName: `${reportTitle(review.review.title, true)}（草稿）.docx`, build: () => summaryReportDocx(input) };
    },

    /** Checked before any byte of the upload is stored, so a refused upload costs nothing. */
    async assertCanSubmit(user: AuthUser, reviewId: number, orgId: number) {
      const { org } = await reviewOrg(user, reviewId, orgId);
      if ((await repo.itemCount({ reviewId, path: org.path })).count === 0) throw new AppError('rectification_reports.nothing_to_report');
      await assertOpen({ reviewId, orgId, kind: 'org' });
    },

    async submit(user: AuthUser, { reviewId, orgId, ...file }: { reviewId: number; orgId: number; fileName: string; source: Readable; beforeCommit?: () => Promise<void> }) {
      return store(user, { reviewId, orgId, kind: 'org' }, file);
    },

    async assertCanSubmitSummary(user: AuthUser, reviewId: number) {
      const { review } = await committeeReview(user, reviewId);
      if ((await repo.itemCount({ reviewId, path: review.committeePath })).count === 0) throw new AppError('rectification_reports.nothing_to_report');
      await assertOpen({ reviewId, orgId: review.review.committeeId, kind: 'summary' });
      return { committeeId: review.review.committeeId };
    },

    async submitSummary(user: AuthUser, { reviewId, committeeId, ...file }: { reviewId: number; committeeId: number; fileName: string; source: Readable; beforeCommit?: () => Promise<void> }) {
      return store(user, { reviewId, orgId: committeeId, kind: 'summary' }, file);
    },

    /** The committee accepts the report in force, or sends it back with a reason for the organization to upload again. */
    async decide(user: AuthUser, reviewId: number, orgId: number, body: RectificationReportDecisionBody) {
      await committeeReview(user, reviewId);
      await reviewOrg(user, reviewId, orgId);
      const reason = body.reason?.trim() || null;
      if (body.action === 'return' && !reason) throw new AppError('rectification_reports.reason_required');
      await db.transaction(async (tx) => {
        const txRepo = createRectificationReportsRepository({ db: tx });
        const { report } = await txRepo.current({ reviewId, orgId, kind: 'org', lock: true });
        if (!report || report.status !== 'submitted') throw new AppError('rectification_reports.not_pending');
        await txRepo.decide({ id: report.id, status: body.action === 'accept' ? 'accepted' : 'returned', reason: body.action === 'return' ? reason : null, userId: user.id });
      });
      return this.overview(user, reviewId);
    },

    /** The signed scan in force, for the organization itself and the committee. */
    async openFile(user: AuthUser, reviewId: number, target: { orgId: number } | 'summary'): Promise<{ report: ReportRow | { fileName: string; mime: string; size: number; sha256: string }; stream: Readable }> {
      let key: { orgId: number; kind: ReportKind };
      if (target === 'summary') key = { orgId: (await committeeReview(user, reviewId)).review.review.committeeId, kind: 'summary' };
      else key = { orgId: (await reviewOrg(user, reviewId, target.orgId)).org.id, kind: 'org' };
      const { report } = await repo.current({ reviewId, ...key });
      if (!report) throw new AppError('rectification_reports.not_found');
      return { report, stream: await storage.open(report.storageKey) };
    },
  };
}

export type RectificationReportsService = ReturnType<typeof createRectificationReportsService>;
