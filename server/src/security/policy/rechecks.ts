import { sql } from 'drizzle-orm';
import type { Scope, World } from '../world.js';
import { defaultLadder } from '../../modules/escalation/escalation.ladder.js';
import { multipart, tinyPdf } from '../../test/multipart.js';
import { everyone, type Cell, type RouteCase } from './types.js';

/**
 * Records of 回头看 and the escalation ladder for a scope, written straight into the tables: an item closed months
 * ago with a re-check requested of (or answered by) its organization, and a late item with a 问责建议 on it. Their
 * titles carry the scope's marker, so the leak sweep sees them.
 */
async function recheckOf(world: World, scope: Scope, status: 'requested' | 'answered', marker = world.unique('MX-recheck')) {
  const item = await world.freshItem(scope, marker);
  await world.db.execute(sql`UPDATE items SET status = 'closed', closed_on = '2025-01-10', closed_at = '2025-01-10T08:00:00Z', closed_late = false WHERE id = ${item.id}`);
  const org = world.orgOf(scope);
  const params = { orgId: org, monthsAfterClosure: 6, closedOnOrBefore: '2025-06-30', percent: 100, categoryIds: [], sources: [] };
  const draw = await world.db.execute<{ id: number }>(
    sql`INSERT INTO recheck_draws (committee_id, seed, params, candidates, drawn, drawn_at) VALUES (${org}, 'fixture', ${JSON.stringify(params)}::jsonb, 1, 1, now()) RETURNING id`,
  );
  const statement = status === 'answered' ? `${marker} 巩固说明：制度坚持执行` : null;
  const recheck = await world.db.execute<{ id: number }>(sql`
    INSERT INTO rechecks (draw_id, item_id, org_id, round, status, statement, answered_at, created_at)
    VALUES (${draw.rows[0].id}, ${item.id}, ${org}, 1, ${status}, ${statement}, ${status === 'answered' ? sql`now()` : null}, now()) RETURNING id`);
  return Number(recheck.rows[0].id);
}

async function lateItemOf(world: World, scope: Scope, marker = world.unique('MX-late')) {
  const item = await world.freshItem(scope, marker);
  await world.setDeadline(item.id, '2024-01-31');
  return item.id;
}

const shared = new WeakMap<World, Promise<Record<Scope, { recheckId: number; lateItemId: number }>>>();

/** One requested re-check and one late item with a 问责建议 per scope, made once per world. */
function sharedOf(world: World) {
  if (!shared.has(world)) {
    shared.set(
      world,
      (async () => {
        const byScope = {} as Record<Scope, { recheckId: number; lateItemId: number }>;
        for (const scope of ['own', 'child', 'parent', 'sibling'] as const) {
          const marker = world.targets[scope].marker;
          const lateItemId = await lateItemOf(world, scope, `${marker}-督办阶梯`);
          await world.db.execute(sql`
            INSERT INTO escalation_records (item_id, org_id, kind, content, created_by, created_at)
            SELECT ${lateItemId}, org_id, 'accountability', ${`${marker} 问责建议：约谈后仍未整改`}, created_by, now() FROM items WHERE id = ${lateItemId}`);
          byScope[scope] = { recheckId: await recheckOf(world, scope, 'requested', `${marker}-回头看`), lateItemId };
        }
        return byScope;
      })(),
    );
  }
  return shared.get(world)!;
}

const recheckFor = async ({ world, scope, fresh }: Cell, status: 'requested' | 'answered') => (fresh ? recheckOf(world, scope, status) : (await sharedOf(world))[scope].recheckId);

/** 回头看 (re-checks of closed items) and the escalation ladder after a deadline passes. */
export const recheckRoutes: Record<string, RouteCase> = {
  'GET /api/rechecks/settings': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/rechecks/settings' }) },
  'PUT /api/rechecks/settings': {
    kind: 'global',
    allow: ['supervisor'],
    ok: 200,
    request: () => ({ url: '/api/rechecks/settings', payload: { enabled: true, monthsAfterClosure: 6, percent: 10, categoryIds: [], sources: [] } }),
  },
  'GET /api/rechecks/draws': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/rechecks/draws' }) },
  'POST /api/rechecks/draws': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 201,
    request: ({ world, scope }) => ({ url: '/api/rechecks/draws', payload: { orgId: world.orgOf(scope), monthsAfterClosure: 6, percent: 10 } }),
  },
  'GET /api/rechecks': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: async ({ world, scope }) => {
      await sharedOf(world);
      return { url: `/api/rechecks?orgId=${world.orgOf(scope)}` };
    },
  },
  'POST /api/rechecks/:id/answer': {
    kind: 'scoped',
    allow: ['branch'],
    ok: 200,
    request: async (cell) => ({ url: `/api/rechecks/${await recheckFor(cell, 'requested')}/answer`, payload: { statement: '整改成果保持良好，制度持续执行。' } }),
  },
  'POST /api/rechecks/:id/confirm': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: async (cell) => ({ url: `/api/rechecks/${await recheckFor(cell, 'answered')}/confirm`, payload: {} }),
  },
  'POST /api/rechecks/:id/reopen': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 200,
    request: async (cell) => ({
      url: `/api/rechecks/${await recheckFor(cell, 'requested')}/reopen`,
      payload: { reason: '问题出现反弹', basis: '回头看现场检查记录', deadline: '2027-06-30' },
    }),
  },

  'GET /api/escalation/ladder': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/escalation/ladder' }) },
  'PUT /api/escalation/ladder': { kind: 'global', allow: ['supervisor'], ok: 200, request: () => ({ url: '/api/escalation/ladder', payload: { steps: defaultLadder } }) },
  'GET /api/escalation/suggestions': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: async ({ world, scope }) => {
      await sharedOf(world);
      return { url: `/api/escalation/suggestions?orgId=${world.orgOf(scope)}&pageSize=200` };
    },
  },
  'GET /api/escalation/records': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: async ({ world, scope }) => {
      await sharedOf(world);
      return { url: `/api/escalation/records?orgId=${world.orgOf(scope)}&pageSize=200` };
    },
  },
  'GET /api/escalation/by-org': {
    kind: 'scoped',
    allow: everyone,
    ok: 200,
    request: async ({ world, scope }) => {
      await sharedOf(world);
      return { url: `/api/escalation/by-org?orgId=${world.orgOf(scope)}` };
    },
  },
  'POST /api/escalation/records': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 201,
    request: async ({ world, scope, fresh }) => ({
      url: '/api/escalation/records',
      payload: { itemId: fresh ? await lateItemOf(world, scope) : (await sharedOf(world))[scope].lateItemId, kind: 'talk', heldOn: '2026-01-20', participants: '工委督办人员、单位书记', content: '约谈纪要：限期一个月整改到位。' },
    }),
  },
  'POST /api/escalation/records/:id/attachments': {
    kind: 'scoped',
    allow: ['supervisor'],
    ok: 201,
    request: async ({ world, scope }) => {
      const { lateItemId } = (await sharedOf(world))[scope];
      const { rows: [record] } = await world.db.execute<{ id: number }>(sql`SELECT id FROM escalation_records WHERE item_id = ${lateItemId} ORDER BY id LIMIT 1`);
      const form = multipart([{ name: 'file', file: { filename: '约谈纪要.pdf', content: tinyPdf('talk'), contentType: 'application/pdf' } }]);
      return { url: `/api/escalation/records/${record.id}/attachments`, payload: form.payload, headers: form.headers };
    },
  },
};
