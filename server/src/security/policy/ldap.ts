import { topAdmin, type RouteCase } from './types.js';

/** Switched off and without a server, so that the matrix never waits on a directory. */
const ldapPayload = {
  enabled: false,
  label: '目录账号登录',
  url: '',
  startTls: false,
  caCertPem: '',
  bindDn: '',
  searchBase: '',
  searchFilter: '(uid={{username}})',
  usernameAttribute: 'uid',
  timeoutMs: 5000,
  createAccounts: { enabled: false, orgId: null },
};

/** Directory sign-in's settings: the top committee's administrator alone. */
export const ldapRoutes: Record<string, RouteCase> = {
  'GET /api/sign-in/ldap': { kind: 'global', allow: topAdmin, ok: 200, request: () => ({ url: '/api/sign-in/ldap' }) },
  'PUT /api/sign-in/ldap': { kind: 'global', allow: topAdmin, ok: 200, request: () => ({ url: '/api/sign-in/ldap', payload: ldapPayload }) },
  'POST /api/sign-in/ldap/test': { kind: 'global', allow: topAdmin, ok: 200, request: () => ({ url: '/api/sign-in/ldap/test', payload: ldapPayload }) },
};
