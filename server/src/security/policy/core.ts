import { admins, everyone, topAdmin, type RouteCase } from './types.js';

/** Sign-in, the organization tree, users, categories, settings and health. */
export const coreRoutes: Record<string, RouteCase> = {
  'GET /api/health': { kind: 'global', allow: 'public', ok: 200, request: () => ({ url: '/api/health' }) },
  'GET /api/health/live': { kind: 'global', allow: 'public', ok: 200, request: () => ({ url: '/api/health/live' }) },
  'GET /api/health/ready': { kind: 'global', allow: 'public', ok: 200, request: () => ({ url: '/api/health/ready' }) },

  'POST /api/auth/login': {
    kind: 'global',
    allow: 'public',
    ok: 200,
    overrides: { disabled: 401 },
    request: ({ role, world }) => ({
      url: '/api/auth/login',
      payload: { username: role === 'anonymous' ? 'branch' : world.actorNames[role], password: world.password },
      token: null,
    }),
  },
  'POST /api/auth/refresh': {
    kind: 'global',
    allow: 'public',
    ok: 200,
    overrides: { disabled: 401 },
    request: async ({ role, world }) => {
      const { refreshToken } = await world.freshSession(role);
      return { url: '/api/auth/refresh', payload: { refreshToken }, token: null };
    },
  },
  'POST /api/auth/logout': {
    kind: 'global',
    allow: everyone,
    ok: 200,
    request: async ({ role, world }) => ({ url: '/api/auth/logout', payload: {}, token: (await world.freshSession(role)).token }),
  },
  'GET /api/auth/me': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/auth/me' }) },
  'POST /api/auth/password': {
    kind: 'global',
    allow: everyone,
    ok: 200,
    request: async ({ role, world }) => ({
      url: '/api/auth/password',
      payload: { oldPassword: world.password, newPassword: 'Changed2026x' },
      token: (await world.freshSession(role)).token,
    }),
  },

  'GET /api/profile': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/profile' }) },
  'PATCH /api/profile': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/profile', payload: { phone: '13800000000' } }) },

  'GET /api/orgs': { kind: 'scoped', allow: everyone, ok: 200, request: ({ scope, world }) => ({ url: `/api/orgs?root=${world.orgOf(scope)}` }) },
  'GET /api/orgs/counts': { kind: 'scoped', allow: everyone, ok: 200, request: ({ scope, world }) => ({ url: `/api/orgs/counts?root=${world.orgOf(scope)}` }) },
  'GET /api/orgs/:id': { kind: 'scoped', allow: everyone, ok: 200, request: ({ scope, world }) => ({ url: `/api/orgs/${world.orgOf(scope)}` }) },
  'POST /api/orgs': {
    kind: 'scoped',
    allow: admins,
    ok: 201,
    request: ({ scope, world }) => ({ url: '/api/orgs', payload: { parentId: world.orgOf(scope), name: world.unique('MX新组织'), kind: 'branch' } }),
  },
  'PATCH /api/orgs/:id': {
    kind: 'scoped',
    allow: admins,
    ok: 200,
    request: async ({ scope, world, fresh }) => ({ url: `/api/orgs/${fresh ? await world.freshOrg(scope) : world.orgOf(scope)}`, payload: { sortOrder: 7 } }),
  },
  'DELETE /api/orgs/:id': {
    kind: 'scoped',
    allow: admins,
    ok: 200,
    // The caller's own organization is the root of their scope and cannot be removed by them (the top committee's
    // administrator is given an organization of each scope to remove, so never their own).
    overrides: { 'subAdmin.own': 409 },
    request: async ({ scope, world, fresh }) => ({ url: `/api/orgs/${fresh ? await world.freshOrg(scope) : world.orgOf(scope)}` }),
  },

  'GET /api/users': { kind: 'scoped', allow: admins, ok: 200, request: ({ scope, world }) => ({ url: `/api/users?orgId=${world.orgOf(scope)}` }) },
  'GET /api/users/:id': { kind: 'scoped', allow: admins, ok: 200, request: ({ scope, world }) => ({ url: `/api/users/${world.targets[scope].userId}` }) },
  'POST /api/users': {
    kind: 'scoped',
    allow: admins,
    ok: 201,
    request: ({ scope, world }) => ({
      url: '/api/users',
      payload: { username: world.unique('mx.new'), displayName: '新用户', password: 'Welcome2026x', role: 'viewer', orgId: world.orgOf(scope) },
    }),
  },
  'PATCH /api/users/:id': {
    kind: 'scoped',
    allow: admins,
    ok: 200,
    request: async ({ scope, world, fresh }) => ({ url: `/api/users/${fresh ? await world.freshUser(scope) : world.targets[scope].userId}`, payload: { displayName: '改名' } }),
  },
  'POST /api/users/:id/password': {
    kind: 'scoped',
    allow: admins,
    ok: 200,
    request: async ({ scope, world, fresh }) => ({
      url: `/api/users/${fresh ? await world.freshUser(scope) : world.targets[scope].userId}/password`,
      payload: { password: 'Reset2026xy' },
    }),
  },

  'GET /api/categories': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/categories' }) },
  'POST /api/categories': { kind: 'global', allow: topAdmin, ok: 201, request: ({ world }) => ({ url: '/api/categories', payload: { name: world.unique('MX类别') } }) },
  'PATCH /api/categories/:id': {
    kind: 'global',
    allow: topAdmin,
    ok: 200,
    request: async ({ world }) => ({ url: `/api/categories/${await world.freshCategory()}`, payload: { sortOrder: 99 } }),
  },

  'GET /api/settings': { kind: 'global', allow: everyone, ok: 200, request: () => ({ url: '/api/settings' }) },
  'PUT /api/settings': { kind: 'global', allow: topAdmin, ok: 200, request: () => ({ url: '/api/settings', payload: { extensionCap: 3 } }) },

  // The audit log of the actors in an organization's subtree: a sub-committee administrator reads its own subtree's.
  'GET /api/audit-log': { kind: 'scoped', allow: admins, ok: 200, request: ({ scope, world }) => ({ url: `/api/audit-log?orgId=${world.orgOf(scope)}` }) },
  'GET /api/audit-log/export.xlsx': {
    kind: 'scoped',
    allow: admins,
    ok: 200,
    request: ({ scope, world }) => ({ url: `/api/audit-log/export.xlsx?orgId=${world.orgOf(scope)}&kind=login` }),
  },
};
