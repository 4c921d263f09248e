import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, testConfig, type TestApp } from '../../test/test-app.js';
import { craftJwt } from '../../test/jwt.js';
import { JWT_AUDIENCE, JWT_ISSUER } from '../../plugins/auth.js';
import { loginAttempts } from './auth.table.js';

const secret = testConfig().jwtSecret;
const now = () => Math.floor(Date.now() / 1000);

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });

  it.each(['admin', 'supervisor', 'branch', 'branch2', 'viewer'])('when %s logs in with the demo password, it gets tokens and its own profile', async (username) => {
    const tokens = await t.login(username);
    expect(tokens.refreshToken.length).toBeGreaterThan(20);
    const res = await me(tokens.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username });
  });

  it('when the role is viewer, the profile lists no write permission', async () => {
    const { accessToken } = await t.login('viewer');
    const { permissions } = (await me(accessToken)).json();
    expect(permissions).toContain('orgs.read');
    expect(permissions.some((p: string) => p.endsWith('.write'))).toBe(false);
  });

  it('when the password is wrong, it answers 401 with a Chinese message and records the failure', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'branch2', password: 'nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'auth.invalid_credentials', message: '用户名或密码错误' } });
    const rows = await t.db.select().from(loginAttempts).where(eq(loginAttempts.username, 'branch2'));
    expect(rows.some((r) => !r.success && r.reason === 'wrong_password')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('nope');
  });

  it('when an account fails too often, further logins are refused even with the right password', async () => {
    const payload = { username: 'ratelimited-user', password: 'x' };
    for (let i = 0; i < 5; i++) {
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload })).statusCode).toBe(401);
    }
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('auth.too_many_attempts');
  });

  describe('access tokens', () => {
    let userId: number;
    let fam: string;
    beforeAll(async () => {
      const session = await t.login('supervisor');
      userId = session.user.id;
      // The refresh chain of a real sign-in, which a valid access token names.
      fam = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()).fam;
    });
    const valid = () => ({ sub: String(userId), tv: 0, typ: 'access', fam, iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: now(), exp: now() + 600 });

    it('when a hand-made token is correctly signed, it is accepted (the control case)', async () => {
      expect((await me(craftJwt({ payload: valid(), secret }))).statusCode).toBe(200);
    });

    it.each([
      ['alg none', () => craftJwt({ header: { alg: 'none', typ: 'JWT' }, payload: valid() }), 'auth.invalid_token'],
      ['a wrong key', () => craftJwt({ payload: valid(), secret: 'another-secret-another-secret-another-secret' }), 'auth.invalid_token'],
      ['HS512 instead of the pinned HS256', () => craftJwt({ header: { alg: 'HS512', typ: 'JWT' }, payload: valid(), secret }), 'auth.invalid_token'],
      ['no exp', () => craftJwt({ payload: { ...valid(), exp: undefined }, secret }), 'auth.invalid_token'],
      ['no iat', () => craftJwt({ payload: { ...valid(), iat: undefined }, secret }), 'auth.invalid_token'],
      ['an expired exp', () => craftJwt({ payload: { ...valid(), iat: now() - 1000, exp: now() - 10 }, secret }), 'auth.token_expired'],
      ['a wrong audience', () => craftJwt({ payload: { ...valid(), aud: 'someone-else' }, secret }), 'auth.invalid_token'],
      ['a wrong issuer', () => craftJwt({ payload: { ...valid(), iss: 'someone-else' }, secret }), 'auth.invalid_token'],
      ['a stale token version', () => craftJwt({ payload: { ...valid(), tv: 99 }, secret }), 'auth.session_ended'],
      ['a non-access token type', () => craftJwt({ payload: { ...valid(), typ: 'refresh' }, secret }), 'auth.invalid_token'],
      ['no refresh chain', () => craftJwt({ payload: { ...valid(), fam: undefined }, secret }), 'auth.invalid_token'],
      ['a refresh chain never issued', () => craftJwt({ payload: { ...valid(), fam: '00000000-0000-4000-8000-000000000000' }, secret }), 'auth.session_ended'],
    ])('when the token has %s, it answers 401', async (_case, make, code) => {
      const res = await me(make());
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe(code);
    });

    it('when a refresh token is presented as an access token, it answers 401', async () => {
      const { refreshToken } = await t.login('supervisor');
      expect((await me(refreshToken)).statusCode).toBe(401);
    });

    it('when no token is sent, it answers 401 auth.unauthenticated', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.unauthenticated');
    });
  });

  describe('refresh tokens', () => {
    const refresh = (refreshToken: string) => t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });

    it('when a refresh token is used, it rotates: the new one works and the old one is spent', async () => {
      const first = await t.login('branch');
      const res = await refresh(first.refreshToken);
      expect(res.statusCode).toBe(200);
      const second = res.json();
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await me(second.accessToken)).statusCode).toBe(200);
    });

    it('when a spent refresh token is reused, the whole family is revoked', async () => {
      const first = await t.login('branch');
      const second = (await refresh(first.refreshToken)).json();
      const reuse = await refresh(first.refreshToken);
      expect(reuse.statusCode).toBe(401);
      expect(reuse.json().error.code).toBe('auth.refresh_reused');
      // The thief's copy is gone, and so is the legitimate latest token of that family.
      expect((await refresh(second.refreshToken)).json().error.code).toBe('auth.refresh_invalid');
    });

    it('when an unknown refresh token is sent, it answers 401', async () => {
      expect((await refresh('x'.repeat(43))).json().error.code).toBe('auth.refresh_invalid');
    });
  });

  describe('ending sessions', () => {
    it('when a user logs out, their access and refresh tokens stop working', async () => {
      const tokens = await t.login('viewer');
      const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${tokens.accessToken}` }, payload: {} });
      expect(out.statusCode).toBe(200);
      expect((await me(tokens.accessToken)).json().error.code).toBe('auth.session_ended');
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: tokens.refreshToken } })).statusCode).toBe(401);
    });

    it('when a user changes their password, other sessions end, the changing one continues, and the new password works', async () => {
      const other = await t.login('branch2');
      const current = await t.login('branch2');
      const change = (body: object) =>
        t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { authorization: `Bearer ${current.accessToken}` }, payload: body });
      expect((await change({ oldPassword: 'wrong-one', newPassword: 'NewPass2026' })).json().error.code).toBe('auth.wrong_password');
      expect((await change({ oldPassword: 'Demo@2026', newPassword: 'abcdefgh' })).json().error.code).toBe('auth.weak_password');
      const res = await change({ oldPassword: 'Demo@2026', newPassword: 'NewPass2026' });
      expect(res.statusCode).toBe(200);
      expect((await me(other.accessToken)).statusCode).toBe(401);
      expect((await me(res.json().accessToken)).statusCode).toBe(200);
      expect((await t.login('branch2', 'NewPass2026')).user.id).toBe(other.user.id);
    });

    it('when an admin disables a user, that user is logged out and cannot log in', async () => {
      const victim = await t.login('viewer');
      const res = await t.as('admin')({ method: 'PATCH', url: `/api/users/${victim.user.id}`, payload: { disabled: true } });
      expect(res.statusCode).toBe(200);
      expect(res.json().disabled).toBe(true);
      expect((await me(victim.accessToken)).json().error.code).toBe('auth.session_ended');
      const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: 'Demo@2026' } });
      expect(again.statusCode).toBe(401);
      await t.as('admin')({ method: 'PATCH', url: `/api/users/${victim.user.id}`, payload: { disabled: false } });
      t.forget('viewer');
    });
  });
});
