import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import type { Role } from '@rectify/shared';
import { jsonResponse, meAs } from '@/test/fixtures';
import { useAuthStore } from '@/stores/auth';
import { safeRedirect } from './guards';
import { createAppRouter } from './index';

let pinia: Pinia;

beforeEach(() => {
  localStorage.clear();
  pinia = createPinia();
  setActivePinia(pinia);
});

function appRouter() {
  return createAppRouter({ pinia, history: createMemoryHistory() });
}

async function signedInAs(role: Role) {
  const router = appRouter();
  useAuthStore(pinia).user = meAs(role);
  localStorage.setItem('rectify.accessToken', 'access');
  localStorage.setItem('rectify.refreshToken', 'refresh');
  return router;
}

async function land(router: ReturnType<typeof appRouter>, path: string) {
  await router.push(path);
  return router.currentRoute.value;
}

describe('router guards', () => {
  it('when signed out, a page sends the visitor to login and remembers where they were going', async () => {
    const route = await land(appRouter(), '/system/users?page=2');
    expect(route.name).toBe('login');
    expect(route.query.redirect).toBe('/system/users?page=2');
  });

  it('when signed out, the home page goes to login without a redirect', async () => {
    const route = await land(appRouter(), '/');
    expect(route.fullPath).toBe('/login');
  });

  it('after a reload with stored tokens, it restores the session before deciding', async () => {
    localStorage.setItem('rectify.accessToken', 'access');
    localStorage.setItem('rectify.refreshToken', 'refresh');
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(200, meAs('admin'))));
    const route = await land(appRouter(), '/system/orgs');
    expect(route.name).toBe('orgs');
  });

  it.each([
    ['admin', '/system/users', 'users'],
    ['admin', '/system/orgs', 'orgs'],
    ['admin', '/reports', 'reports'],
    ['supervisor', '/reports', 'reports'],
    ['supervisor', '/system/users', 'forbidden'],
    ['branch', '/notices', 'notices'],
    ['branch', '/system/orgs', 'forbidden'],
    ['viewer', '/items', 'items'],
    ['viewer', '/system/users', 'forbidden'],
    ['viewer', '/items/ledger', 'ledger'],
    ['branch', '/items/7', 'item'],
    ['admin', '/system/categories', 'categories'],
    ['admin', '/system/settings', 'settings'],
    ['supervisor', '/system/settings', 'forbidden'],
    ['branch', '/system/categories', 'forbidden'],
  ] as const)('when %s opens %s, they land on %s', async (role, path, name) => {
    const route = await land(await signedInAs(role), path);
    expect(route.name).toBe(name);
  });

  it('when signed in, the login page forwards to the requested page or home', async () => {
    const router = await signedInAs('admin');
    expect((await land(router, '/login?redirect=/system/orgs')).name).toBe('orgs');
    expect((await land(router, '/login')).name).toBe('home');
  });

  it('an unknown path shows the not-found page inside the app', async () => {
    const route = await land(await signedInAs('branch'), '/no/such/page');
    expect(route.name).toBe('not-found');
  });

  it('when the session ends on the server mid-use, it goes to login and keeps the page to come back to', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(401, { error: { code: 'auth.session_ended', message: '会话已结束，请重新登录' } })));
    const router = await signedInAs('admin');
    await land(router, '/system/users');
    const { api } = await import('@/api');
    await expect(api.get('/api/users')).rejects.toMatchObject({ code: 'auth.session_ended' });
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    expect(router.currentRoute.value.query).toEqual({ redirect: '/system/users', reason: 'expired' });
    expect(useAuthStore(pinia).isAuthenticated).toBe(false);
  });
});

describe('safeRedirect', () => {
  it.each([
    ['/system/users?page=2', '/system/users?page=2'],
    ['//evil.example/x', null],
    ['/\\evil.example', null],
    ['https://evil.example', null],
    [undefined, null],
  ])('%s → %s', (value, expected) => {
    expect(safeRedirect(value)).toBe(expected);
  });
});
