import { sql } from 'drizzle-orm';
import { admins, everyone, topAdmin, type Cell, type RouteCase } from './types.js';

/** A clerk of the cell's organization, written straight into the table (no route makes one without an administrator). */
async function clerkOf({ world, scope }: Cell) {
  const name = world.unique('mx.rl-clerk');
  const { rows } = await world.db.execute<{ id: number }>(
    sql`INSERT INTO "users" ("username", "display_name", "password_hash", "role", "org_id") VALUES (${name}, ${name}, 'x', 'branch', ${world.orgOf(scope)}) RETURNING "id"`,
  );
  return Number(rows[0].id);
}

/** A stand-in between two clerks of the cell's organization, from today on. */
async function standInOf(cell: Cell) {
  const [principal, standIn] = [await clerkOf(cell), await clerkOf(cell)];
  const { rows } = await cell.world.db.execute<{ id: number }>(
    sql`INSERT INTO "review_stand_ins" ("principal_id", "stand_in_id", "starts_on", "ends_on", "created_by") VALUES (${principal}, ${standIn}, '2026-01-01', '2199-12-31', ${principal}) RETURNING "id"`,
  );
  return Number(rows[0].id);
}

/** 二级审核: the committee's review levels, who endorses, stand-ins, and what waits at each level. */
export const reviewLevelRoutes: Record<string, RouteCase> = {
  // Like the settings themselves, the levels are no API token's business.
  'GET /api/review-levels/settings': { kind: 'global', allow: everyone, ok: 200, overrides: { apiToken: 403 }, request: () => ({ url: '/api/review-levels/settings' }) },
  'PUT /api/review-levels/settings': { kind: 'global', allow: topAdmin, ok: 200, request: () => ({ url: '/api/review-levels/settings', payload: { unitReview: false, partyReview: false } }) },
  'GET /api/review-levels/endorsers': { kind: 'global', allow: admins, ok: 200, request: () => ({ url: '/api/review-levels/endorsers' }) },
  'PUT /api/review-levels/endorsers/:userId': {
    kind: 'scoped',
    allow: admins,
    ok: 200,
    request: async (cell) => ({ url: `/api/review-levels/endorsers/${await clerkOf(cell)}` }),
  },
  'DELETE /api/review-levels/endorsers/:userId': {
    kind: 'scoped',
    allow: admins,
    ok: 200,
    request: ({ world, scope }) => ({ url: `/api/review-levels/endorsers/${world.targets[scope].userId}` }),
  },
  'GET /api/review-levels/stand-ins': { kind: 'global', allow: admins, ok: 200, request: () => ({ url: '/api/review-levels/stand-ins' }) },
  'POST /api/review-levels/stand-ins': {
    kind: 'scoped',
    allow: admins,
    ok: 201,
    request: async (cell) => ({ url: '/api/review-levels/stand-ins', payload: { principalId: await clerkOf(cell), standInId: await clerkOf(cell), startsOn: '2026-01-01', endsOn: '2199-12-31' } }),
  },
  'DELETE /api/review-levels/stand-ins/:id': { kind: 'scoped', allow: admins, ok: 200, request: async (cell) => ({ url: `/api/review-levels/stand-ins/${await standInOf(cell)}` }) },
  'GET /api/review-levels/awaiting': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/review-levels/awaiting' }) },
};
