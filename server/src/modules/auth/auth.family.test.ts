import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { SESSION_CACHE_TTL_MS } from '../../plugins/session-cache.js';
import { refreshTokens } from './auth.table.js';

const familyOf = (accessToken: string): string => JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).fam;

/** An access token names its refresh chain; when the chain is revoked, its access tokens end before they expire. */
describe('access tokens of a revoked refresh chain', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => vi.useRealTimers());

  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  const refresh = (refreshToken: string) => t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });

  it('when a used refresh token comes back, every access token of its chain answers 401 at once, and another sign-in goes on', async () => {
    const first = await t.login('branch');
    const other = await t.login('branch');
    const second = (await refresh(first.refreshToken)).json();
    expect(familyOf(second.accessToken)).toBe(familyOf(first.accessToken));
    expect(familyOf(other.accessToken)).not.toBe(familyOf(first.accessToken));
    for (const token of [first.accessToken, second.accessToken]) expect((await me(token)).statusCode).toBe(200);

    const reused = await refresh(first.refreshToken);
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('auth.refresh_reused');

    for (const token of [first.accessToken, second.accessToken]) {
      const res = await me(token);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.session_ended');
    }
    expect((await me(other.accessToken)).statusCode).toBe(200);
    expect((await refresh(second.refreshToken)).statusCode).toBe(401);
  });

  it('when another instance revokes the chain, this one refuses its access tokens once the cache window has passed', async () => {
    const session = await t.login('supervisor');
    expect((await me(session.accessToken)).statusCode).toBe(200);
    // What another API process writes when it revokes the chain; this process's cache still holds it as standing.
    await t.db.update(refreshTokens).set({ revokedAt: sql`now()` }).where(eq(refreshTokens.familyId, familyOf(session.accessToken)));
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + SESSION_CACHE_TTL_MS + 1 });
    const res = await me(session.accessToken);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.session_ended');
  });
});
