import { topAdmin, type RouteCase } from './types.js';

/** The ways in: what the sign-in page offers, their settings, and the OpenID Connect round trip. */
export const signInRoutes: Record<string, RouteCase> = {
  'GET /api/auth/methods': { kind: 'global', allow: 'public', ok: 200, request: () => ({ url: '/api/auth/methods', token: null }) },
  'GET /api/sign-in/order': { kind: 'global', allow: topAdmin, ok: 200, request: () => ({ url: '/api/sign-in/order' }) },
  'PUT /api/sign-in/order': { kind: 'global', allow: topAdmin, ok: 200, request: () => ({ url: '/api/sign-in/order', payload: { order: ['password', 'oidc', 'ldap'] } }) },
  'GET /api/sign-in/oidc': { kind: 'global', allow: topAdmin, ok: 200, request: () => ({ url: '/api/sign-in/oidc' }) },
  'PUT /api/sign-in/oidc': {
    kind: 'global',
    allow: topAdmin,
    ok: 200,
    request: () => ({
      url: '/api/sign-in/oidc',
      payload: { enabled: false, label: '统一身份认证登录', issuer: '', clientId: '', scopes: 'openid profile', usernameClaim: 'preferred_username', createAccounts: { enabled: false, orgId: null } },
    }),
  },
  // Browser navigations: whatever goes wrong is a redirect to the sign-in page with the reason, never a session.
  'GET /api/auth/oidc/start': { kind: 'global', allow: 'public', ok: 302, request: () => ({ url: '/api/auth/oidc/start', token: null }) },
  'GET /api/auth/oidc/callback': { kind: 'global', allow: 'public', ok: 302, request: () => ({ url: '/api/auth/oidc/callback?state=unknown&code=unknown', token: null }) },
  // No code was ever issued, so every caller is refused alike.
  'POST /api/auth/oidc/exchange': { kind: 'global', allow: 'public', ok: 401, request: () => ({ url: '/api/auth/oidc/exchange', payload: { code: 'never-issued-code-0123456789' }, token: null }) },
};
