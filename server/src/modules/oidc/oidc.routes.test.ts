import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import type { CustomFetch } from 'openid-client';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { signInAtProvider, startTestProvider, testClient } from '../../test/oidc-provider.js';
import { auditLog } from '../audit/audit.table.js';
import { loginAttempts } from '../auth/auth.table.js';
import { users } from '../users/users.table.js';

// Our app as the browser sees it: requests are injected with this host, and the provider sends the browser back here.
const host = '127.0.0.1:4999';
const origin = `http://${host}`;

describe('OpenID Connect sign-in', () => {
  let t: TestApp;
  let provider: Awaited<ReturnType<typeof startTestProvider>>;
  let adminToken: string;
  // When set, the ID token the provider answers is replaced on its way to the app, as an attacker in the middle would.
  let rewriteIdToken: ((claims: Record<string, unknown>) => string) | null = null;

  const oidcFetch: CustomFetch = async (url, options) => {
    const res = await fetch(url, options as RequestInit);
    if (!rewriteIdToken || new URL(url).pathname !== '/token') return res;
    const body = (await res.json()) as { id_token: string };
    body.id_token = rewriteIdToken(JSON.parse(Buffer.from(body.id_token.split('.')[1], 'base64url').toString()));
    return new Response(JSON.stringify(body), { status: res.status, headers: { 'content-type': 'application/json' } });
  };

  const settings = (changes: Record<string, unknown> = {}) => ({
    enabled: true,
    label: '统一身份认证登录',
    issuer: provider.issuer,
    clientId: testClient.clientId,
    clientSecret: testClient.clientSecret,
    scopes: 'openid profile',
    usernameClaim: 'preferred_username',
    createAccounts: { enabled: false, orgId: null },
    ...changes,
  });
  const configure = async (changes: Record<string, unknown> = {}) => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/sign-in/oidc', payload: settings(changes), headers: { host, authorization: `Bearer ${adminToken}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  async function begin() {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start?returnTo=/items', headers: { host } });
    expect(res.statusCode, res.body).toBe(302);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    return { authorizationUrl: String(res.headers.location), cookie };
  }

  async function callback(url: string, cookie: string | undefined) {
    const u = new URL(url);
    const res = await t.app.inject({ method: 'GET', url: `${u.pathname}${u.search}`, headers: { host, ...(cookie ? { cookie } : {}) } });
    expect(res.statusCode).toBe(302);
    const back = new URL(String(res.headers.location), origin);
    expect(back.pathname).toBe('/login');
    return { error: back.searchParams.get('oidcError'), code: new URLSearchParams(back.hash.slice(1)).get('oidc'), back };
  }

  async function signIn(login: string) {
    const { authorizationUrl, cookie } = await begin();
    const returned = await signInAtProvider(authorizationUrl, login);
    return { returned, cookie, ...(await callback(returned, cookie)) };
  }

  const exchange = (code: string) => t.app.inject({ method: 'POST', url: '/api/auth/oidc/exchange', payload: { code } });

  beforeAll(async () => {
    provider = await startTestProvider({ redirectUris: [`${origin}/api/auth/oidc/callback`], postLogoutRedirectUris: [`${origin}/login?reason=logout`] });
    t = await createTestApp({ oidc: { fetch: oidcFetch } });
    adminToken = (await t.login('admin')).accessToken;
    await configure();
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });
  beforeEach(() => {
    rewriteIdToken = null;
  });

  it('when an active user signs in at the provider, the page gets a one-time code that starts their session once', async () => {
    const { code, error, back } = await signIn('branch');
    expect(error).toBeNull();
    expect(back.searchParams.get('redirect')).toBe('/items');
    const res = await exchange(code!);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ username: 'branch', role: 'branch' });
    const again = await exchange(code!);
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('auth.oidc_code_invalid');

    await t.app.audit.settled();
    const [record] = await t.db.select().from(auditLog).where(eq(auditLog.username, 'branch')).orderBy(desc(auditLog.id)).limit(1);
    expect(record).toMatchObject({ action: 'auth.login', status: 200, detail: { method: 'oidc' } });
    const attempts = await t.db.select().from(loginAttempts).where(and(eq(loginAttempts.username, 'branch'), eq(loginAttempts.success, true)));
    expect(attempts.some((a) => a.reason === 'oidc')).toBe(true);
  });

  it('when the callback is replayed, it is refused in Chinese and gives no session', async () => {
    const first = await signIn('supervisor');
    expect(first.code).toBeTruthy();
    const replay = await callback(first.returned, first.cookie);
    expect(replay.error).toBe('auth.oidc_state_invalid');
    expect(replay.code).toBeNull();
  });

  it('when the state is tampered with, or the callback arrives in a browser that did not begin it, it is refused', async () => {
    const { authorizationUrl, cookie } = await begin();
    const returned = new URL(await signInAtProvider(authorizationUrl, 'supervisor'));
    const forged = new URL(returned);
    forged.searchParams.set('state', `${returned.searchParams.get('state')}x`);
    expect((await callback(forged.href, cookie)).error).toBe('auth.oidc_state_invalid');

    const other = await begin();
    const elsewhere = await signInAtProvider(other.authorizationUrl, 'supervisor');
    expect((await callback(elsewhere, undefined)).error).toBe('auth.oidc_state_invalid');
  });

  it('when one address keeps sending failed callbacks or made-up codes, the sign-in limit refuses it and not others', async () => {
    const from = (remoteAddress: string) => ({ headers: { host }, remoteAddress });
    // The test app allows 100 failures per source address in the window (LOGIN_SOURCE_MAX_FAILURES).
    for (let i = 0; i < 100; i += 1) {
      const res = i % 2
        ? await t.app.inject({ method: 'GET', url: `/api/auth/oidc/callback?state=made-up-${i}&code=x`, ...from('10.20.30.40') })
        : await t.app.inject({ method: 'POST', url: '/api/auth/oidc/exchange', payload: { code: `made-up-code-${i}-0123456789` }, ...from('10.20.30.40') });
      expect(res.statusCode).toBe(i % 2 ? 302 : 401);
    }
    const refused = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/callback?state=made-up&code=x', ...from('10.20.30.40') });
    expect(new URL(String(refused.headers.location), origin).searchParams.get('oidcError')).toBe('auth.too_many_attempts');
    const exchangeRefused = await t.app.inject({ method: 'POST', url: '/api/auth/oidc/exchange', payload: { code: 'made-up-code-0123456789' }, ...from('10.20.30.40') });
    expect(exchangeRefused.statusCode).toBe(429);
    expect(exchangeRefused.json().error.code).toBe('auth.too_many_attempts');

    const elsewhere = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/callback?state=made-up&code=x', ...from('10.20.30.41') });
    expect(new URL(String(elsewhere.headers.location), origin).searchParams.get('oidcError')).toBe('auth.oidc_state_invalid');
  });

  it('when the authorization code has expired at the provider, the sign-in fails and gives no session', async () => {
    const { authorizationUrl, cookie } = await begin();
    const returned = await signInAtProvider(authorizationUrl, 'supervisor');
    provider.expireCodes();
    const { error, code } = await callback(returned, cookie);
    expect(error).toBe('auth.oidc_failed');
    expect(code).toBeNull();
  });

  it.each([
    ['another nonce', { nonce: 'not-the-one-we-sent' }],
    ['another audience', { aud: 'some-other-client' }],
    ['another issuer', { iss: 'http://127.0.0.1:1' }],
    ['an expiry in the past', { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }],
  ])('when the ID token carries %s, openid-client refuses it and no session starts', async (_what, changes) => {
    rewriteIdToken = (claims) => provider.signIdToken({ ...claims, ...changes });
    const { error, code } = await signIn('supervisor');
    expect(error).toBe('auth.oidc_failed');
    expect(code).toBeNull();
  });

  it('when the ID token is only re-signed with the provider key, unchanged, it is accepted (so the refusals above are the claims)', async () => {
    rewriteIdToken = (claims) => provider.signIdToken(claims);
    const { error, code } = await signIn('supervisor');
    expect(error).toBeNull();
    expect(code).toBeTruthy();
  });

  it('when the ID token is not signed by the provider, it is refused', async () => {
    rewriteIdToken = (claims) => {
      const [header, , signature] = provider.signIdToken(claims).split('.');
      return [header, Buffer.from(JSON.stringify({ ...claims, preferred_username: 'admin' })).toString('base64url'), signature].join('.');
    };
    const { error } = await signIn('viewer');
    expect(error).toBe('auth.oidc_failed');
  });

  it('when the account is disabled, the provider-confirmed sign-in is refused with the reason and recorded', async () => {
    const [branch2] = await t.db.select().from(users).where(eq(users.username, 'branch2'));
    await t.db.update(users).set({ disabled: true }).where(eq(users.id, branch2.id));
    try {
      const { error, code } = await signIn('branch2');
      expect(error).toBe('auth.account_disabled');
      expect(code).toBeNull();
      await t.app.audit.settled();
      const [record] = await t.db.select().from(auditLog).where(eq(auditLog.username, 'branch2')).orderBy(desc(auditLog.id)).limit(1);
      expect(record).toMatchObject({ action: 'auth.login_failed', detail: { method: 'oidc' } });
    } finally {
      await t.db.update(users).set({ disabled: false }).where(eq(users.id, branch2.id));
    }
  });

  it('when no account has the name, nobody is created unless the administrator allowed it, and then as a viewer', async () => {
    expect((await signIn('newcomer')).error).toBe('auth.account_not_found');
    expect(await t.db.select().from(users).where(eq(users.username, 'newcomer'))).toHaveLength(0);

    await configure({ createAccounts: { enabled: true, orgId: t.orgs.police } });
    try {
      const { code } = await signIn('newcomer');
      const res = await exchange(code!);
      expect(res.json().user).toMatchObject({ username: 'newcomer', role: 'viewer', orgId: t.orgs.police });
      const [created] = await t.db.select().from(users).where(eq(users.username, 'newcomer'));
      expect(created.passwordLogin).toBe(false);
    } finally {
      await configure();
    }
  });

  it('when an administrator switches off a user\'s local password, the right password is refused but single sign-on works', async () => {
    const [viewer] = await t.db.select().from(users).where(eq(users.username, 'viewer'));
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/users/${viewer.id}`, payload: { localSignIn: false }, headers: { authorization: `Bearer ${adminToken}` } });
    expect(patched.json()).toMatchObject({ username: 'viewer', localSignIn: false });
    try {
      const refused = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: 'Demo@2026' } });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error).toEqual({ code: 'auth.password_login_disabled', message: '该账号不允许使用本地密码登录，请使用统一身份认证等其他方式登录' });
      const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: 'wrong-password' } });
      expect(wrong.json().error.code).toBe('auth.invalid_credentials');
      const { code } = await signIn('viewer');
      expect((await exchange(code!)).statusCode).toBe(200);
    } finally {
      await t.db.update(users).set({ passwordLogin: true }).where(eq(users.username, 'viewer'));
    }
  });

  it('when a user who came through the provider signs out, the answer names the provider sign-out; after a password sign-in it does not', async () => {
    const { code } = await signIn('supervisor');
    const { accessToken } = (await exchange(code!)).json();
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', payload: {}, headers: { host, authorization: `Bearer ${accessToken}` } });
    const url = new URL(out.json().providerLogoutUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${origin}/login?reason=logout`);
    expect(url.searchParams.get('id_token_hint')).toBeTruthy();

    const password = await t.login('supervisor');
    const plain = await t.app.inject({ method: 'POST', url: '/api/auth/logout', payload: {}, headers: { host, authorization: `Bearer ${password.accessToken}` } });
    expect(plain.json()).toEqual({ ok: true });
  });

  it('when the administrator orders the ways in, the sign-in page gets the enabled ones in that order, and never the secret', async () => {
    const methods = async () => (await t.app.inject({ method: 'GET', url: '/api/auth/methods' })).json().methods;
    expect(await methods()).toEqual([{ kind: 'password' }, { kind: 'oidc', label: '统一身份认证登录' }]);
    const put = (order: string[]) => t.app.inject({ method: 'PUT', url: '/api/sign-in/order', payload: { order }, headers: { authorization: `Bearer ${adminToken}` } });
    expect((await put(['oidc', 'password'])).statusCode).toBe(200);
    expect(await methods()).toEqual([{ kind: 'oidc', label: '统一身份认证登录' }, { kind: 'password' }]);
    expect((await put(['oidc'])).statusCode).toBe(200);
    expect(await methods()).toEqual([{ kind: 'oidc', label: '统一身份认证登录' }]);
    await put(['password', 'oidc', 'ldap']);

    const shown = await t.app.inject({ method: 'GET', url: '/api/sign-in/oidc', headers: { host, authorization: `Bearer ${adminToken}` } });
    expect(shown.json()).toMatchObject({ hasClientSecret: true, redirectUri: `${origin}/api/auth/oidc/callback` });
    expect(shown.body).not.toContain(testClient.clientSecret);
  });

  it('when single sign-on is switched off, starting it leads back to the sign-in page with the reason', async () => {
    await configure({ enabled: false });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start', headers: { host } });
      expect(res.headers.location).toBe('/login?oidcError=auth.method_unavailable');
    } finally {
      await configure();
    }
  });
});
