import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../lib/clock.js';
import { createTestApp, testConfig, type TestApp } from '../test/test-app.js';
import { craftJwt } from '../test/jwt.js';
import { JWT_AUDIENCE, JWT_ISSUER } from '../plugins/auth.js';

const secret = testConfig().jwtSecret;
const now = () => Math.floor(Date.now() / 1000);

/**
 * The token cases auth.routes.test.ts leaves open: refresh tokens after a password change, a reset, disabling or
 * expiry; an access token offered as a refresh token; role and organization changes; forged headers and claims;
 * tokens in places other than the Authorization header; and two refreshes racing with one token.
 */
describe('tokens: the remaining cases', () => {
  const clock = fixedClock(new Date());
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  const refresh = (refreshToken: string) => t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
  let n = 0;
  async function newUser(role = 'branch', orgId?: number) {
    const username = `tk.user${++n}`;
    const res = await t.as('admin')({ method: 'POST', url: '/api/users', payload: { username, displayName: username, password: 'Token2026x', role, orgId: orgId ?? t.orgs.police } });
    expect(res.statusCode).toBe(201);
    return { id: res.json().id as number, username, login: () => t.login(username, 'Token2026x') };
  }

  it('when a user changes their password, the refresh token of every other session is refused', async () => {
    const user = await newUser();
    const other = await user.login();
    const current = await user.login();
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { authorization: `Bearer ${current.accessToken}` },
      payload: { oldPassword: 'Token2026x', newPassword: 'Token2027y' },
    });
    expect(change.statusCode).toBe(200);
    expect((await refresh(other.refreshToken)).json().error.code).toBe('auth.refresh_invalid');
    expect((await refresh(current.refreshToken)).statusCode).toBe(401);
    expect((await refresh(change.json().refreshToken)).statusCode).toBe(200);
  });

  it('when an admin resets a password, the user’s access and refresh tokens stop working', async () => {
    const user = await newUser();
    const session = await user.login();
    expect((await t.as('admin')({ method: 'POST', url: `/api/users/${user.id}/password`, payload: { password: 'Reset2026x' } })).statusCode).toBe(200);
    expect((await me(session.accessToken)).json().error.code).toBe('auth.session_ended');
    expect((await refresh(session.refreshToken)).json().error.code).toBe('auth.refresh_invalid');
  });

  it('when a user is disabled, their refresh token is refused, and stays refused after they are enabled again', async () => {
    const user = await newUser();
    const session = await user.login();
    await t.as('admin')({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { disabled: true } });
    expect((await refresh(session.refreshToken)).json().error.code).toBe('auth.refresh_invalid');
    await t.as('admin')({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { disabled: false } });
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    expect((await me(session.accessToken)).statusCode).toBe(401);
  });

  it.each([
    ['a role change', { role: 'viewer' }],
    ['a move to another organization', { orgId: 'finance' }],
  ])('when %s happens, the old tokens stop working', async (_case, change) => {
    const user = await newUser();
    const session = await user.login();
    const payload = 'orgId' in change ? { orgId: t.orgs[change.orgId] } : change;
    expect((await t.as('admin')({ method: 'PATCH', url: `/api/users/${user.id}`, payload })).statusCode).toBe(200);
    expect((await me(session.accessToken)).json().error.code).toBe('auth.session_ended');
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  });

  it('when an access token is offered as a refresh token, it is refused', async () => {
    const { accessToken } = await t.login('viewer');
    const res = await refresh(accessToken);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.refresh_invalid');
  });

  it('when a refresh token has outlived its lifetime, it is refused', async () => {
    const user = await newUser();
    const session = await user.login();
    clock.set(new Date(Date.now() + (testConfig().refreshTokenTtlSeconds + 60) * 1000));
    try {
      expect((await refresh(session.refreshToken)).json().error.code).toBe('auth.refresh_invalid');
    } finally {
      clock.set(new Date());
    }
  });

  it('when two refreshes race with the same token, at most one gets new tokens', async () => {
    const user = await newUser();
    const session = await user.login();
    const results = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok.length).toBeLessThanOrEqual(1);
    for (const r of results.filter((res) => res.statusCode !== 200)) expect(r.json().error.code).toMatch(/^auth\.refresh_/);
  });

  describe('forged access tokens', () => {
    let userId: number;
    let fam: string;
    beforeAll(async () => {
      const session = await t.login('supervisor');
      userId = session.user.id;
      fam = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()).fam;
    });
    const claims = (extra: Record<string, unknown> = {}) => ({ sub: String(userId), tv: 0, typ: 'access', fam, iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: now(), exp: now() + 600, ...extra });

    it.each([
      ['alg NONE in capitals', () => craftJwt({ header: { alg: 'NONE', typ: 'JWT' }, payload: claims() })],
      ['alg none with a signature kept', () => craftJwt({ header: { alg: 'none', typ: 'JWT' }, payload: claims(), secret }).replace(/\.[^.]*$/, '.' + craftJwt({ payload: claims(), secret }).split('.')[2])],
      ['a kid pointing at a file', () => craftJwt({ header: { alg: 'HS256', typ: 'JWT', kid: '../../../../dev/null' }, payload: claims(), secret: '' })],
      ['a jku header', () => craftJwt({ header: { alg: 'HS256', typ: 'JWT', jku: 'http://127.0.0.1/keys' }, payload: claims(), secret: 'attacker-secret-attacker-secret-attacker' })],
      ['no sub', () => craftJwt({ payload: claims({ sub: undefined }), secret })],
      ['a non-numeric sub', () => craftJwt({ payload: claims({ sub: '1 OR 1=1' }), secret })],
      ['no token version', () => craftJwt({ payload: claims({ tv: undefined }), secret })],
      ['a sub of no user', () => craftJwt({ payload: claims({ sub: '987654' }), secret })],
      ['a signature cut off', () => craftJwt({ payload: claims(), secret }).replace(/\.[^.]*$/, '.')],
      ['claims changed after signing', () => {
        const [head, , sig] = craftJwt({ payload: claims(), secret }).split('.');
        return `${head}.${Buffer.from(JSON.stringify(claims({ sub: '1' }))).toString('base64url')}.${sig}`;
      }],
    ])('when the token has %s, it answers 401', async (_case, make) => {
      const res = await me(make());
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toMatch(/^auth\.(invalid_token|session_ended|token_expired)$/);
    });

    it('when a valid token travels in the query string or a cookie instead of the header, it is not accepted', async () => {
      const token = craftJwt({ payload: claims(), secret });
      expect((await me(token)).statusCode).toBe(200);
      for (const res of [
        await t.app.inject({ method: 'GET', url: `/api/auth/me?access_token=${token}` }),
        await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `token=${token}; access_token=${token}` } }),
        await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Basic ${token}` } }),
      ]) {
        expect(res.statusCode).toBe(401);
      }
    });
  });
});
