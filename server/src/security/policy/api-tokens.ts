import { topAdmin, type RouteCase } from './types.js';

/** API tokens for other systems: the top committee's administrator alone lists, creates and revokes them. */
export const apiTokenRoutes: Record<string, RouteCase> = {
  'GET /api/api-tokens': { kind: 'global', allow: topAdmin, ok: 200, request: () => ({ url: '/api/api-tokens' }) },
  'POST /api/api-tokens': {
    kind: 'scoped',
    allow: topAdmin,
    ok: 201,
    request: ({ scope, world }) => ({ url: '/api/api-tokens', payload: { name: world.unique('MX令牌'), orgId: world.orgOf(scope), scope: 'read', expiresInDays: 30 } }),
  },
  'POST /api/api-tokens/:id/revoke': {
    kind: 'global',
    allow: topAdmin,
    ok: 200,
    request: async ({ world, fresh }) => ({ url: `/api/api-tokens/${fresh ? (await world.freshApiToken()).id : world.spareApiTokenId}/revoke` }),
  },
};
