import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ElConfigProvider } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { i18n } from '@/i18n';
import { jsonResponse } from '@/test/fixtures';

let LoginView: unknown;
beforeAll(async () => {
  LoginView = (await import('./LoginView.vue')).default;
}, 120_000);

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

async function signInAnswered(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => jsonResponse(status, body)),
  );
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginView as never },
      { path: '/', name: 'home', component: { render: () => null } },
    ],
  });
  await router.push('/login');
  await router.isReady();
  const Root = defineComponent({ render: () => h(ElConfigProvider, { locale: zhCn }, () => h(LoginView as never)) });
  wrapper = mount(Root, { global: { plugins: [createPinia(), i18n, router] }, attachTo: document.body });
  await wrapper.find('input[name="username"]').setValue('admin');
  await wrapper.find('input[name="password"]').setValue('guess-guess');
  await wrapper.find('form').trigger('submit');
  await flushPromises();
  return wrapper;
}

describe('the sign-in page', { timeout: 120_000 }, () => {
  it('when sign-in is paused after too many wrong passwords, it says for how many minutes', async () => {
    const w = await signInAnswered(429, { error: { code: 'auth.too_many_attempts', message: '密码错误次数过多，请稍后再试', details: { retryAfterSeconds: 530 } } });
    await vi.waitFor(() => expect(w.find('[role="alert"]').text()).toContain('请 9 分钟后再试'));
  });

  it('when the answer names no duration, it falls back to the general message', async () => {
    const w = await signInAnswered(429, { error: { code: 'auth.too_many_attempts', message: '密码错误次数过多，请稍后再试' } });
    await vi.waitFor(() => expect(w.find('[role="alert"]').text()).toContain('密码错误次数过多，请稍后再试'));
  });
});
