import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { jsonResponse, meAs } from '@/test/fixtures';
import { useAuthStore } from './auth';

const supervisor = meAs('supervisor', { displayName: '李督办（工委组织科）' });

/** The API at the network boundary: a fetch that answers like the server for the calls the store makes. */
function stubApi({ meStatus = 200, logoutFails = false }: { meStatus?: number; logoutFails?: boolean } = {}) {
  const calls: { method: string; path: string; body: unknown; authorization: string | null }[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = new URL(String(input), 'http://app.test').pathname;
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, path, body, authorization: new Headers(init.headers).get('authorization') });
    if (path === '/api/auth/login') {
      if (body.password !== 'Demo@2026') return jsonResponse(401, { error: { code: 'auth.invalid_credentials', message: '用户名或密码错误' } });
      return jsonResponse(200, { accessToken: 'access-1', refreshToken: 'refresh-1', expiresIn: 900, user: supervisor });
    }
    if (path === '/api/auth/me') {
      return meStatus === 200 ? jsonResponse(200, supervisor) : jsonResponse(meStatus, { error: { code: 'auth.session_ended', message: '会话已结束，请重新登录' } });
    }
    if (path === '/api/auth/logout') {
      if (logoutFails) throw new TypeError('Failed to fetch');
      return jsonResponse(200, { ok: true });
    }
    return jsonResponse(404, { error: { code: 'common.not_found', message: '请求的资源不存在' } });
  });
  vi.stubGlobal('fetch', fetchStub);
  return { calls };
}

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

describe('auth store', () => {
  it('when login succeeds, it keeps the user and stores both tokens for the next reload', async () => {
    stubApi();
    const auth = useAuthStore();
    await auth.login({ username: 'supervisor', password: 'Demo@2026' });
    expect(auth.isAuthenticated).toBe(true);
    expect(auth.user?.displayName).toBe('李督办（工委组织科）');
    expect(localStorage.getItem('rectify.accessToken')).toBe('access-1');
    expect(localStorage.getItem('rectify.refreshToken')).toBe('refresh-1');
  });

  it('when the password is wrong, it throws the Chinese message and stores nothing', async () => {
    stubApi();
    const auth = useAuthStore();
    await expect(auth.login({ username: 'supervisor', password: 'nope' })).rejects.toMatchObject({ code: 'auth.invalid_credentials', message: '用户名或密码错误' });
    expect(auth.isAuthenticated).toBe(false);
    expect(localStorage.getItem('rectify.accessToken')).toBeNull();
  });

  it('answers role and permission questions from the signed-in user', async () => {
    stubApi();
    const auth = useAuthStore();
    expect(auth.can('orgs.read')).toBe(false);
    await auth.login({ username: 'supervisor', password: 'Demo@2026' });
    expect(auth.role).toBe('supervisor');
    expect(auth.hasRole('supervisor', 'admin')).toBe(true);
    expect(auth.hasRole('admin')).toBe(false);
    expect(auth.can('orgs.read')).toBe(true);
    expect(auth.can('users.read')).toBe(false);
    expect(auth.isReadOnly).toBe(false);
    expect(auth.canAccess({ permission: 'users.read' })).toBe(false);
    expect(auth.canAccess({ roles: ['supervisor', 'viewer'] })).toBe(true);
  });

  it('after a reload, it restores the user from the stored tokens with one /me call', async () => {
    const { calls } = stubApi();
    localStorage.setItem('rectify.accessToken', 'access-1');
    localStorage.setItem('rectify.refreshToken', 'refresh-1');
    const auth = useAuthStore();
    const [first, second] = await Promise.all([auth.restore(), auth.restore()]);
    expect([first, second]).toEqual([true, true]);
    expect(auth.user?.username).toBe('supervisor');
    expect(calls.filter((c) => c.path === '/api/auth/me')).toEqual([expect.objectContaining({ authorization: 'Bearer access-1' })]);
  });

  it('without stored tokens, restore says no without asking the server', async () => {
    const { calls } = stubApi();
    await expect(useAuthStore().restore()).resolves.toBe(false);
    expect(calls).toEqual([]);
  });

  it('when the server has ended the session, restore says no and forgets the tokens', async () => {
    stubApi({ meStatus: 401 });
    localStorage.setItem('rectify.accessToken', 'access-1');
    localStorage.setItem('rectify.refreshToken', 'refresh-1');
    const auth = useAuthStore();
    await expect(auth.restore()).resolves.toBe(false);
    expect(auth.isAuthenticated).toBe(false);
    expect(localStorage.getItem('rectify.refreshToken')).toBeNull();
  });

  it('on logout, it tells the server with the refresh token and forgets the session', async () => {
    const { calls } = stubApi();
    const auth = useAuthStore();
    await auth.login({ username: 'supervisor', password: 'Demo@2026' });
    await auth.logout();
    expect(calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/auth/logout', body: { refreshToken: 'refresh-1' }, authorization: 'Bearer access-1' });
    expect(auth.user).toBeNull();
    expect(localStorage.getItem('rectify.accessToken')).toBeNull();
  });

  it('when the server cannot be reached, logout still signs out locally', async () => {
    stubApi({ logoutFails: true });
    const auth = useAuthStore();
    await auth.login({ username: 'supervisor', password: 'Demo@2026' });
    await auth.logout();
    expect(auth.isAuthenticated).toBe(false);
    expect(localStorage.getItem('rectify.refreshToken')).toBeNull();
  });
});
