import { multipart, tinyPdf } from '../../test/multipart.js';
import { reportPeriod, reviewItem, scopePeriod, sharedPeriod, submittedReport } from '../rectification-reports.fixtures.js';
import { everyone, type Cell, type RouteCase } from './types.js';

const scopeReview = ({ world, scope }: Cell) => world.extras.byScope[scope].reviewId!;
/**
 * Reading an organization's report of its own scope goes through the review the police committee shares with
 * finance: the sweep then proves that finance's problem in the same review stays out of the police report.
 */
const readReview = (cell: Cell) => (cell.scope === 'own' ? cell.world.extras.shared.reviewId! : scopeReview(cell));

/** A review of the cell's scope with one problem of its organization, and nothing submitted yet. */
async function freshReview({ world, scope }: Cell) {
  const reviewId = await world.extras.review(scope, world.unique('MX-report'));
  await reviewItem(world.db, { reviewId, itemId: world.targets[scope].item.id });
  return reviewId;
}

/** Reading a period of the own scope goes through the top committee's, which finance reports in too. */
const readPeriod = (cell: Cell) => (cell.scope === 'own' ? sharedPeriod(cell.world) : scopePeriod(cell.world, cell.scope));
/** A period of the cell's scope with nothing submitted yet, or with its organization's report waiting. */
const freshPeriod = ({ world, scope }: Cell, submitted: boolean) =>
  reportPeriod(world.db, { committeeId: world.orgOf(scope), reportOrgId: world.orgOf(scope), userId: world.targets[scope].userId }, { submitted });
/** Everyone under a committee sees its periods (each only its own part): the police actors see the top committee's. */
const parentVisible = { 'subAdmin.parent': 200, 'supervisor.parent': 200, 'branch.parent': 200, 'viewer.parent': 200, 'apiToken.parent': 200 } as const;

const signedScan = () => multipart([{ name: 'file', file: { filename: '整改情况报告.pdf', content: tinyPdf('signed'), contentType: 'application/pdf' } }]);

/** Each organization's 整改情况报告 on a review (draft .docx, signed scan, the committee's decision) and the committee's summary. */
export const rectificationReportRoutes: Record<string, RouteCase> = {
  'GET /api/reviews/:id/rectification-reports': { kind: 'scoped', allow: everyone, ok: 200, request: (cell) => ({ url: `/api/reviews/${readReview(cell)}/rectification-reports` }) },
  'PUT /api/reviews/:id/rectification-reports/deadline': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: (cell) => ({ url: `/api/reviews/${scopeReview(cell)}/rectification-reports/deadline`, payload: { dueOn: '2026-08-31' } }),
  },
  'GET /api/reviews/:id/rectification-reports/:orgId/draft.docx': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: (cell) => ({ url: `/api/reviews/${readReview(cell)}/rectification-reports/${cell.world.orgOf(cell.scope)}/draft.docx` }),
  },
  'GET /api/reviews/:id/rectification-reports/:orgId/file': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: (cell) => ({ url: `/api/reviews/${readReview(cell)}/rectification-reports/${cell.world.orgOf(cell.scope)}/file` }),
  },
  'POST /api/reviews/:id/rectification-reports/:orgId': {
    kind: 'scoped',
    allow: ['supervisor', 'branch'],
    ok: 201,
    request: async (cell) => {
      const form = signedScan();
      const reviewId = cell.fresh ? await freshReview(cell) : scopeReview(cell);
      return { url: `/api/reviews/${reviewId}/rectification-reports/${cell.world.orgOf(cell.scope)}`, payload: form.payload, headers: form.headers };
    },
  },
  'POST /api/reviews/:id/rectification-reports/:orgId/decision': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: async (cell) => {
      const orgId = cell.world.orgOf(cell.scope);
      let reviewId = scopeReview(cell);
      if (cell.fresh) {
        reviewId = await freshReview(cell);
        await submittedReport(cell.world.db, { reviewId, orgId, userId: cell.world.targets[cell.scope].userId });
      }
      return { url: `/api/reviews/${reviewId}/rectification-reports/${orgId}/decision`, payload: { action: 'return', reason: '未加盖公章' } };
    },
  },
  // 三张清单: the ledger's lists as one workbook, with the list's filters.
  'GET /api/items/export-lists.xlsx': { kind: 'scoped', allow: everyone, ok: 200, request: ({ world, scope }) => ({ url: `/api/items/export-lists.xlsx?orgId=${world.orgOf(scope)}` }) },
  'GET /api/reviews/:id/summary-report/draft.docx': { kind: 'scoped', allow: everyone, ok: 200, request: (cell) => ({ url: `/api/reviews/${scopeReview(cell)}/summary-report/draft.docx` }) },
  'GET /api/reviews/:id/summary-report/file': { kind: 'scoped', allow: everyone, ok: 200, request: (cell) => ({ url: `/api/reviews/${scopeReview(cell)}/summary-report/file` }) },
  'POST /api/reviews/:id/summary-report': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 201,
    request: async (cell) => {
      const form = signedScan();
      return { url: `/api/reviews/${cell.fresh ? await freshReview(cell) : scopeReview(cell)}/summary-report`, payload: form.payload, headers: form.headers };
    },
  },

  // 整改情况报告 for a reporting period (报告期) instead of a review.
  'GET /api/report-periods': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/report-periods' }) },
  'POST /api/report-periods': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 201,
    request: ({ world, scope }) => ({ url: '/api/report-periods', payload: { committeeId: world.orgOf(scope), title: '2026年度', startsOn: '2026-01-01', endsOn: '2026-12-31' } }),
  },
  'GET /api/report-periods/:id': { kind: 'scoped', allow: everyone, ok: 200, overrides: parentVisible, request: (cell) => ({ url: `/api/report-periods/${readPeriod(cell)}` }) },
  'PUT /api/report-periods/:id/deadline': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: (cell) => ({ url: `/api/report-periods/${scopePeriod(cell.world, cell.scope)}/deadline`, payload: { dueOn: '2026-12-31' } }),
  },
  'GET /api/report-periods/:id/reports/:orgId/draft.docx': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: (cell) => ({ url: `/api/report-periods/${readPeriod(cell)}/reports/${cell.world.orgOf(cell.scope)}/draft.docx` }),
  },
  'GET /api/report-periods/:id/reports/:orgId/file': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: (cell) => ({ url: `/api/report-periods/${readPeriod(cell)}/reports/${cell.world.orgOf(cell.scope)}/file` }),
  },
  'POST /api/report-periods/:id/reports/:orgId': {
    kind: 'scoped',
    allow: ['supervisor', 'branch'],
    ok: 201,
    request: async (cell) => {
      const form = signedScan();
      const periodId = cell.fresh ? await freshPeriod(cell, false) : scopePeriod(cell.world, cell.scope);
      return { url: `/api/report-periods/${periodId}/reports/${cell.world.orgOf(cell.scope)}`, payload: form.payload, headers: form.headers };
    },
  },
  'POST /api/report-periods/:id/reports/:orgId/decision': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: async (cell) => {
      const periodId = cell.fresh ? await freshPeriod(cell, true) : scopePeriod(cell.world, cell.scope);
      return { url: `/api/report-periods/${periodId}/reports/${cell.world.orgOf(cell.scope)}/decision`, payload: { action: 'return', reason: '未加盖公章' } };
    },
  },
};
