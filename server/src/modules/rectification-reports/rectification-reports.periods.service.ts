import type { Readable } from 'node:stream';
import type { RectificationPeriodOverview, RectificationReportDecisionBody, RectificationReportPeriod, RectificationReportPeriodBody } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { dateInZone } from '../../lib/clock.js';
import { pathInScope } from '../../lib/scope.js';
import type { Storage } from '../../lib/storage/storage.js';
import type { AuthUser } from '../../plugins/auth.js';
import { createOrgsRepository } from '../orgs/orgs.repository.js';
import { orgReportDocx, periodReportTitle } from './rectification-reports.docx.js';
import { createReportPeriodsRepository, type PeriodRow } from './rectification-reports.periods.repository.js';
import { createRectificationReportsRepository, type ReportRow, type ReportSubject } from './rectification-reports.repository.js';
import { createReportStore, reportCounts, reportFile, reportLine } from './rectification-reports.store.js';

// As for a review: an organization's report lists every problem of the period, up to this many.
const problemsPerReport = 2000;

interface Deps {
  db: Db;
  today(): string;
  storage: Storage;
  maxBytes: number;
  timeZone: string;
}

/**
 * 整改情况报告 for a reporting period (报告期, e.g. 2026年度) rather than one review: the committee opens the period,
 * each organization under it reports on the problems issued to it within the dates, whatever their source, and the
 * committee sees who has submitted, accepts or sends back, as for a review.
 */
export function createReportPeriodsService({ db, today, storage, maxBytes, timeZone }: Deps) {
  const dayOf = (instant: Date) => dateInZone(instant, timeZone);
  const periods = createReportPeriodsRepository({ db });
  const reports = createRectificationReportsRepository({ db });
  const store = createReportStore({ db, storage, maxBytes });

  const subjectOf = (period: PeriodRow): ReportSubject => ({ periodId: period.id, startsOn: period.startsOn, endsOn: period.endsOn, timeZone });
  const owns = (user: AuthUser, period: PeriodRow) => pathInScope(user.orgPath, period.committeePath);
  const toPeriod = (user: AuthUser, p: PeriodRow): RectificationReportPeriod => ({
    id: p.id,
    committeeId: p.committeeId,
    committeeName: p.committeeName,
    title: p.title,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    dueOn: p.dueOn,
    canDecide: owns(user, p) && user.role === 'supervisor',
  });

  async function visible(user: AuthUser, id: number) {
    const { period } = await periods.findVisible(id, user.orgPath);
    if (!period) throw new AppError('report_periods.not_found');
    return { period };
  }

  /** The committee's part (the deadline, decisions) needs the committee that opened the period in scope. */
  async function owned(user: AuthUser, id: number) {
    const { period } = await visible(user, id);
    if (!owns(user, period)) throw new AppError('report_periods.not_found');
    return { period };
  }

  /** The period's committee or an organization under it, in the caller's scope; anything else is not there. */
  async function periodOrg(user: AuthUser, id: number, orgId: number) {
    const { period } = await visible(user, id);
    const { org } = await createOrgsRepository({ db }).findById(orgId);
    if (!org || !pathInScope(user.orgPath, org.path) || !pathInScope(period.committeePath, org.path)) throw new AppError('rectification_reports.not_found');
    return { period, org };
  }

  return {
    async list(user: AuthUser) {
      const { periods: rows } = await periods.list(user.orgPath);
      return { periods: rows.map((p) => toPeriod(user, p)) };
    },

    async create(user: AuthUser, body: RectificationReportPeriodBody) {
      const { org } = await createOrgsRepository({ db }).findById(body.committeeId ?? user.orgId);
      if (!org || !pathInScope(user.orgPath, org.path)) throw new AppError('orgs.not_found');
      if (body.startsOn > body.endsOn) throw new AppError('rectification_reports.bad_period');
      const { id } = await periods.insert({ committeeId: org.id, title: body.title.trim(), startsOn: body.startsOn, endsOn: body.endsOn, dueOn: body.dueOn ?? null, createdBy: user.id });
      return this.overview(user, id);
    },

    async setDue(user: AuthUser, id: number, dueOn: string | null) {
      await owned(user, id);
      await periods.setDue({ id, dueOn });
      return this.overview(user, id);
    },

    async overview(user: AuthUser, id: number): Promise<RectificationPeriodOverview> {
      const { period } = await visible(user, id);
      const subject = subjectOf(period);
      const { lines } = await periods.reporting({ committeePath: period.committeePath, scopePath: user.orgPath, subject });
      const uploads = await reports.uploads({ ...subject, kind: 'org', orgIds: lines.map((l) => l.orgId) });
      const files = (row: ReportRow) => reportFile(row, period.dueOn, dayOf);
      const organizations = lines.map((l) => reportLine(l, uploads, files));
      return { period: toPeriod(user, period), organizations, counts: reportCounts(organizations) };
    },

    /** What the draft of an organization's report for the period is made of; the caller's queue builds the document. */
    async orgDraft(user: AuthUser, id: number, orgId: number) {
      const { period, org } = await periodOrg(user, id, orgId);
      const problems = await reports.problems({ ...subjectOf(period), path: org.path, limit: problemsPerReport });
      const input = { reviewTitle: period.title, heldOn: period.startsOn, period: { startsOn: period.startsOn, endsOn: period.endsOn }, committeeName: period.committeeName, orgName: org.name, today: today(), problems };
      return { fileName: `${org.name}-${periodReportTitle(period.title)}（草稿）.docx`, build: () => orgReportDocx(input) };
    },

    /** Checked before any byte of the upload is stored, so a refused upload costs nothing. */
    async assertCanSubmit(user: AuthUser, id: number, orgId: number) {
      const { period, org } = await periodOrg(user, id, orgId);
      const subject = subjectOf(period);
      if ((await reports.itemCount({ ...subject, path: org.path })).count === 0) throw new AppError('rectification_reports.nothing_to_report');
      const { report } = await reports.current({ ...subject, orgId, kind: 'org' });
      if (report?.status === 'accepted') throw new AppError('rectification_reports.accepted');
    },

    async submit(user: AuthUser, { periodId, orgId, ...file }: { periodId: number; orgId: number; fileName: string; source: Readable; beforeCommit?: () => Promise<void> }) {
      return store(user, { periodId, orgId, kind: 'org' }, file);
    },

    async decide(user: AuthUser, id: number, orgId: number, body: RectificationReportDecisionBody) {
      await owned(user, id);
      await periodOrg(user, id, orgId);
      const reason = body.reason?.trim() || null;
      if (body.action === 'return' && !reason) throw new AppError('rectification_reports.reason_required');
      await db.transaction(async (tx) => {
        const txRepo = createRectificationReportsRepository({ db: tx });
        const { report } = await txRepo.current({ periodId: id, orgId, kind: 'org', lock: true });
        if (!report || report.status !== 'submitted') throw new AppError('rectification_reports.not_pending');
        await txRepo.decide({ id: report.id, status: body.action === 'accept' ? 'accepted' : 'returned', reason: body.action === 'return' ? reason : null, userId: user.id });
      });
      return this.overview(user, id);
    },

    async openFile(user: AuthUser, id: number, orgId: number) {
      const { period } = await periodOrg(user, id, orgId);
      const { report } = await reports.current({ ...subjectOf(period), orgId, kind: 'org' });
      if (!report) throw new AppError('rectification_reports.not_found');
      return { report, stream: await storage.open(report.storageKey) };
    },
  };
}
