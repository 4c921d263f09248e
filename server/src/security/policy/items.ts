import { eq } from 'drizzle-orm';
import { itemMeasures, items } from '../../modules/items/items.table.js';
import { multipart, tinyPdf } from '../../test/multipart.js';
import { everyone, type Cell, type RouteCase } from './types.js';

/** The item an in-scope, allowed cell changes is its own; refused cells aim at the shared one of their scope. */
async function itemFor({ scope, world, fresh }: Cell) {
  return fresh ? world.freshItem(scope) : world.currentItem(world.targets[scope].item.id);
}

/** A fresh item of the scope its organization objected to (its own step is tested in items-acknowledge). */
async function objectedItemFor(cell: Cell) {
  if (!cell.fresh) return itemFor(cell);
  const item = await cell.world.freshItem(cell.scope);
  const [row] = await cell.world.db
    .update(items)
    .set({ status: 'objected', objectionKind: 'not_ours', objectionReason: '不属于本单位' })
    .where(eq(items.id, item.id))
    .returning({ version: items.version });
  return { ...item, version: row.version };
}

/** Where a supervisor transfers an item of each scope: another organization of the same subtree. */
const transferTargetOf = ({ scope, world }: Cell) => world.orgOf(scope === 'own' ? 'child' : 'own');

/** Ledger items and their evidence. */
export const itemRoutes: Record<string, RouteCase> = {
  'GET /api/items': { kind: 'scoped', allow: everyone, ok: 200, request: ({ scope, world }) => ({ url: `/api/items?orgId=${world.orgOf(scope)}` }) },
  'GET /api/items/:id': { kind: 'scoped', allow: everyone, ok: 200, request: ({ scope, world }) => ({ url: `/api/items/${world.targets[scope].item.id}` }) },
  'GET /api/items/:id/history': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: ({ scope, world }) => ({ url: `/api/items/${world.targets[scope].item.id}/history` }),
  },
  'POST /api/items': {
    kind: 'scoped',
    allow: ['supervisor', 'branch'],
    ok: 201,
    request: ({ scope, world }) => ({
      url: '/api/items',
      payload: { orgId: world.orgOf(scope), source: 'self_inspection', description: '组织生活会会前谈心谈话不够深入。', deadline: '2026-12-31', type: 'deadline' },
    }),
  },
  'PATCH /api/items/:id': {
    kind: 'scoped',
    allow: ['supervisor', 'branch'],
    ok: 200,
    request: async (cell) => {
      const item = await itemFor(cell);
      return { url: `/api/items/${item.id}`, payload: { version: item.version, remarks: '补充说明' } };
    },
  },
  'PATCH /api/items/:id/measures/:measureId': {
    kind: 'scoped',
    allow: ['supervisor', 'branch'],
    ok: 200,
    request: async (cell) => {
      const item = await itemFor(cell);
      const [measure] = await cell.world.db.select({ id: itemMeasures.id }).from(itemMeasures).where(eq(itemMeasures.itemId, item.id));
      return { url: `/api/items/${item.id}/measures/${measure.id}`, payload: { status: 'in_progress' } };
    },
  },
  'GET /api/items/:id/measure-owners': {
    kind: 'scoped',
    allow: ['supervisor', 'branch'],
    ok: 200,
    request: async (cell) => ({ url: `/api/items/${(await itemFor(cell)).id}/measure-owners` }),
  },
  'POST /api/items/:id/transitions': {
    kind: 'scoped',
    allow: ['supervisor', 'branch'],
    ok: 200,
    // Each role takes a step the workflow gives it: the organization starts work, the committee cancels.
    request: async (cell) => {
      const item = await itemFor(cell);
      const step = cell.role === 'branch' ? { action: 'start' } : { action: 'cancel', comment: '重复登记' };
      return { url: `/api/items/${item.id}/transitions`, payload: { ...step, version: item.version } };
    },
  },
  // 异议 is the organization's step, 转办 and 驳回异议 the committee's.
  'POST /api/items/:id/objection': {
    kind: 'scoped',
    allow: ['branch'],
    ok: 200,
    request: async (cell) => {
      const item = await itemFor(cell);
      return { url: `/api/items/${item.id}/objection`, payload: { version: item.version, kind: 'wording', reason: '问题表述与实际情况不符。' } };
    },
  },
  'POST /api/items/:id/transfer': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: async (cell) => {
      const item = await objectedItemFor(cell);
      return { url: `/api/items/${item.id}/transfer`, payload: { version: item.version, orgId: transferTargetOf(cell), comment: '转交办理' } };
    },
  },
  'POST /api/items/:id/objection-reply': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: async (cell) => {
      const item = await objectedItemFor(cell);
      return { url: `/api/items/${item.id}/objection-reply`, payload: { version: item.version, comment: '问题属实，请签收后整改。' } };
    },
  },
  // The committee's bulk actions: an item out of scope makes the whole request "no such item"; in scope, each item
  // answers for itself inside the 200 (here the item is not awaiting closure, so the decision is refused in the body).
  'POST /api/items/decisions': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: async (cell) => {
      const item = await itemFor(cell);
      return { url: '/api/items/decisions', payload: { action: 'approve_closure', comment: '同意', items: [{ id: item.id, version: item.version }] } };
    },
  },
  'POST /api/items/reminders': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: async (cell) => ({ url: '/api/items/reminders', payload: { itemIds: [(await itemFor(cell)).id], comment: '请抓紧整改' } }),
  },
  'POST /api/items/:id/progress': {
    kind: 'scoped',
    allow: ['branch'],
    ok: 201,
    request: async (cell) => ({ url: `/api/items/${(await itemFor(cell)).id}/progress`, payload: { content: '已完成第一阶段整改。', percent: 30 } }),
  },

  'POST /api/items/:id/evidence': {
    kind: 'scoped',
    allow: ['branch'],
    ok: 201,
    request: async (cell) => {
      const form = multipart([{ name: 'file', file: { filename: '会议记录.pdf', content: tinyPdf(), contentType: 'application/pdf' } }]);
      return { url: `/api/items/${(await itemFor(cell)).id}/evidence`, payload: form.payload, headers: form.headers };
    },
  },
  'DELETE /api/items/:id/evidence/:evidenceId': {
    kind: 'scoped',
    allow: ['branch'],
    ok: 200,
    request: async ({ scope, world, fresh }) => {
      const { itemId, evidenceId } = fresh ? await world.freshEvidence(scope) : { itemId: world.targets[scope].item.id, evidenceId: world.targets[scope].evidenceId };
      return { url: `/api/items/${itemId}/evidence/${evidenceId}` };
    },
  },
  'GET /api/evidence/:id/download': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: ({ scope, world }) => ({ url: `/api/evidence/${world.targets[scope].evidenceId}/download` }),
  },
  'GET /api/evidence/:id/thumbnail': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: ({ scope, world }) => ({ url: `/api/evidence/${world.targets[scope].evidenceId}/thumbnail` }),
  },
};
