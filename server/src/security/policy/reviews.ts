import { formulaWorkbook } from '../hostile-files.js';
import { multipart } from '../../test/multipart.js';
import { everyone, type Cell, type RouteCase } from './types.js';

const extras = ({ world, scope }: Cell) => world.extras.byScope[scope];
const freshReview = async ({ world, scope }: Cell) => world.extras.review(scope, world.unique('MX-review'));

/** Reviews and the items drawn from them, common problems, and the Excel import and export of the ledger. */
export const reviewRoutes: Record<string, RouteCase> = {
  'GET /api/reviews': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/reviews' }) },
  'GET /api/reviews/:id': { kind: 'scoped', allow: everyone, ok: 200, request: (cell) => ({ url: `/api/reviews/${extras(cell).reviewId}` }) },
  'POST /api/reviews': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 201,
    request: ({ world, scope }) => ({ url: '/api/reviews', payload: { title: '年度述职评议', kind: 'report_review', heldOn: '2026-02-01', committeeId: world.orgOf(scope) } }),
  },
  'PATCH /api/reviews/:id': { kind: 'scoped', allow: ['supervisor'], ok: 200, request: (cell) => ({ url: `/api/reviews/${extras(cell).reviewId}`, payload: { notes: '补充说明' } }) },
  'DELETE /api/reviews/:id': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: async (cell) => ({ url: `/api/reviews/${cell.fresh ? await freshReview(cell) : extras(cell).reviewId}` }),
  },
  'PUT /api/reviews/:id/comments/:orgId': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: async (cell) => ({
      url: `/api/reviews/${cell.fresh ? await freshReview(cell) : extras(cell).reviewId}/comments/${cell.world.orgOf(cell.scope)}`,
      payload: { text: '一是学习不够深入。二是制度执行不严。' },
    }),
  },
  'DELETE /api/reviews/:id/comments/:orgId': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: async (cell) => ({ url: `/api/reviews/${cell.fresh ? await freshReview(cell) : extras(cell).reviewId}/comments/${cell.world.orgOf(cell.scope)}` }),
  },
  'POST /api/reviews/:id/extract': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: (cell) => ({ url: `/api/reviews/${extras(cell).reviewId}/extract`, payload: { orgId: cell.world.orgOf(cell.scope) } }),
  },
  'POST /api/reviews/:id/items': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 201,
    request: async (cell) => ({
      url: `/api/reviews/${cell.fresh ? await freshReview(cell) : extras(cell).reviewId}/items`,
      payload: { orgId: cell.world.orgOf(cell.scope), items: [{ description: '支部活动形式单一。', deadline: '2026-12-31', type: 'deadline' }] },
    }),
  },
  'GET /api/reviews/:id/earlier': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: (cell) => ({ url: `/api/reviews/${extras(cell).reviewId}/earlier?orgId=${cell.world.orgOf(cell.scope)}` }),
  },
  'POST /api/reviews/:id/carry': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    // Without item ids: every unfinished earlier item of the organization, none or many, and again is harmless.
    request: (cell) => ({ url: `/api/reviews/${extras(cell).reviewId}/carry`, payload: { orgId: cell.world.orgOf(cell.scope) } }),
  },

  'POST /api/items/batch': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 201,
    request: ({ world, scope }) => ({
      url: '/api/items/batch',
      payload: { orgIds: [world.orgOf(scope)], source: 'review', description: '发展党员程序不规范。', deadline: '2026-12-31', type: 'deadline' },
    }),
  },
  'GET /api/common-problems': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/common-problems' }) },
  'GET /api/common-problems/:id': { kind: 'scoped', allow: everyone, ok: 200, request: (cell) => ({ url: `/api/common-problems/${extras(cell).commonProblemId}` }) },

  'GET /api/items/ledger': { kind: 'scoped', allow: everyone, ok: 200, request: ({ world, scope }) => ({ url: `/api/items/ledger?orgId=${world.orgOf(scope)}` }) },
  'GET /api/items/export.xlsx': { kind: 'scoped', allow: everyone, ok: 200, request: ({ world, scope }) => ({ url: `/api/items/export.xlsx?orgId=${world.orgOf(scope)}` }) },
  'GET /api/items/import-template.xlsx': { kind: 'global', allow: ['supervisor', 'branch'], ok: 200, request: () => ({ url: '/api/items/import-template.xlsx' }) },
  'POST /api/items/import': {
    kind: 'global',
    allow: ['supervisor', 'branch'],
    ok: 200,
    // A dry run of a workbook with formulas and nothing else: checked and reported on, nothing written.
    request: async () => {
      const form = multipart([{ name: 'file', file: { filename: '台账.xlsx', content: await formulaWorkbook({ emptyRows: 10 }) } }]);
      return { url: '/api/items/import?dryRun=true', payload: form.payload, headers: form.headers };
    },
  },
};

