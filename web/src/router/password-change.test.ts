import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import { meAs } from '@/test/fixtures';
import { useAuthStore } from '@/stores/auth';
import { createAppRouter } from './index';

let pinia: Pinia;

// The pages these routes load compile on first import: that happens once, here, not in a test.
beforeAll(async () => {
  await Promise.all([import('@/views/account/ForcedPasswordView.vue'), import('@/views/HomeView.vue'), import('@/views/items/ItemsView.vue'), import('@/layouts/AppLayout.vue')]);
}, 180_000);

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem('rectify.accessToken', 'access');
  localStorage.setItem('rectify.refreshToken', 'refresh');
  pinia = createPinia();
  setActivePinia(pinia);
});

function signedIn(mustChangePassword: boolean) {
  const router = createAppRouter({ pinia, history: createMemoryHistory() });
  useAuthStore(pinia).user = meAs('branch', { mustChangePassword });
  return router;
}

describe('the forced password change', { timeout: 90_000 }, () => {
  it.each(['/', '/items', '/items/7', '/account/profile', '/system/users'])('when the password is an administrator\'s, %s leads to the password change first', async (path) => {
    const router = signedIn(true);
    await router.push(path);
    expect(router.currentRoute.value.name).toBe('password-change');
    expect(router.currentRoute.value.query.redirect).toBe(path === '/' ? undefined : path);
  });

  it('once the password is the user\'s own, the change page forwards to where they were going', async () => {
    const router = signedIn(false);
    await router.push('/password-change?redirect=/items');
    expect(router.currentRoute.value.name).toBe('items');
    await router.push('/password-change');
    expect(router.currentRoute.value.name).toBe('home');
  });

  it('an ordinary user reaches 修改密码 and 个人信息 from the avatar menu\'s routes', async () => {
    const router = signedIn(false);
    await router.push('/account/password');
    expect(router.currentRoute.value.name).toBe('account-password');
    await router.push('/account/profile');
    expect(router.currentRoute.value.name).toBe('account-profile');
  });
});
