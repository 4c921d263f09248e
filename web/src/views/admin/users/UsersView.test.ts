import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { ElConfigProvider } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import type { User } from '@rectify/shared';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import { jsonResponse, meAs } from '@/test/fixtures';

const row = (id: number, overrides: Partial<User> = {}): User => ({
  id,
  username: `user${id}`,
  displayName: `用户${id}`,
  role: 'branch',
  orgId: 2,
  orgName: '江川市公安局党委',
  phone: null,
  email: null,
  disabled: false,
  mustChangePassword: false,
  localSignIn: true,
  createdAt: '2026-05-01T00:00:00.000Z',
  ...overrides,
});

let UsersView: unknown;
beforeAll(async () => {
  UsersView = (await import('./UsersView.vue')).default;
}, 120_000);

// What the page does after a click can take a while on a busy machine.
const WAIT = { timeout: 15_000 };

let wrapper: VueWrapper | null = null;
let requests: Array<{ method: string; path: string; query: URLSearchParams; body: unknown }> = [];

beforeEach(() => {
  localStorage.setItem('rectify.accessToken', 'access');
  localStorage.setItem('rectify.refreshToken', 'refresh');
  requests = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://app.test');
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      requests.push({ method, path: url.pathname, query: url.searchParams, body });
      if (url.pathname === '/api/users' && method === 'GET') return jsonResponse(200, { items: [row(1, { role: 'admin', orgId: 1, orgName: '江川市直属机关工作委员会' }), row(2, { mustChangePassword: true }), row(3, { disabled: true })], total: 3 });
      if (url.pathname === '/api/users' && method === 'POST') {
        if (body.username === 'branch') return jsonResponse(409, { error: { code: 'users.username_taken', message: '用户名已被使用' } });
        return jsonResponse(201, { ...row(9, { username: body.username, displayName: body.displayName, mustChangePassword: true }), temporaryPassword: 'Kq7mWx3pRt9s' });
      }
      if (url.pathname === '/api/users/2/password') return jsonResponse(200, { ok: true, temporaryPassword: 'Zz8nPq4rTy2w' });
      if (url.pathname === '/api/orgs') return jsonResponse(200, { items: [{ id: 1, parentId: null, name: '江川市直属机关工作委员会', kind: 'committee', path: '/1/', depth: 0, sortOrder: 0 }, { id: 2, parentId: 1, name: '江川市公安局党委', kind: 'committee', path: '/1/2/', depth: 1, sortOrder: 0 }] });
      return jsonResponse(404, { error: { code: 'common.not_found', message: '请求的资源不存在' } });
    }),
  );
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

async function open(path = '/system/users') {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore(pinia).user = meAs('admin');
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/system/users', name: 'users', component: UsersView as never }] });
  await router.push(path);
  const Root = defineComponent({ render: () => h(ElConfigProvider, { locale: zhCn }, () => h(RouterView)) });
  wrapper = mount(Root, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await vi.waitFor(() => expect(wrapper!.findAll('[data-testid="users-table"] .el-table__body tbody tr').length).toBe(3), WAIT);
  await flushPromises();
  return { router, wrapper };
}

const fill = async (name: string, value: string) => {
  const input = document.querySelector<HTMLInputElement>(`[data-testid="user-form-dialog"] input[name="${name}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
};

describe('用户管理', { timeout: 90_000 }, () => {
  it('asks the API for the state and organization the address names, and shows who must still change their password', async () => {
    const { wrapper } = await open('/system/users?state=active&orgId=2&role=branch');
    expect(Object.fromEntries(requests.find((r) => r.path === '/api/users')!.query)).toEqual({ state: 'active', orgId: '2', role: 'branch', page: '1', pageSize: '20' });
    const rows = wrapper.findAll('[data-testid="users-table"] .el-table__body tbody tr');
    expect(rows[1].text()).toContain('待改密');
    expect(rows[2].text()).toContain('已停用');
    expect(wrapper.text()).toContain('仅显示和管理 江川市直属机关工作委员会 及其下级组织的用户');
  });

  it('creating a user sends no password and shows the temporary password the server generated, once', async () => {
    const { wrapper } = await open();
    await wrapper.get('[data-testid="user-create"]').trigger('click');
    await flushPromises();
    await fill('username', 'li.clerk');
    await fill('displayName', '李经办');
    // Role and organization are set through the component (the pickers' popups are Element Plus' own).
    const dialog = wrapper.findComponent({ name: 'UserFormDialog' });
    const form = (dialog.vm.$ as unknown as { setupState: { form: { role: string; orgId: number } } }).setupState.form;
    form.role = 'branch';
    form.orgId = 2;
    await flushPromises();
    document.querySelector<HTMLButtonElement>('[data-testid="user-form-submit"]')!.click();
    await vi.waitFor(() => expect(document.querySelector('[data-testid="temporary-password"]')?.textContent).toBe('Kq7mWx3pRt9s'), WAIT);
    const create = requests.find((r) => r.method === 'POST' && r.path === '/api/users')!;
    expect(create.body).toEqual({ username: 'li.clerk', displayName: '李经办', role: 'branch', orgId: 2, phone: null, email: null });
  });

  it('a taken username is answered in Chinese inside the dialog, which stays open', async () => {
    const { wrapper } = await open();
    await wrapper.get('[data-testid="user-create"]').trigger('click');
    await flushPromises();
    await fill('username', 'branch');
    await fill('displayName', '重复');
    const form = (wrapper.findComponent({ name: 'UserFormDialog' }).vm.$ as unknown as { setupState: { form: { role: string; orgId: number } } }).setupState.form;
    form.role = 'viewer';
    form.orgId = 2;
    await flushPromises();
    document.querySelector<HTMLButtonElement>('[data-testid="user-form-submit"]')!.click();
    await vi.waitFor(() => expect(document.querySelector('[data-testid="user-form-dialog"] [role="alert"]')?.textContent).toContain('用户名已被使用'), WAIT);
    expect(document.querySelector('[data-testid="temporary-password"]')).toBeNull();
  });

  it('an empty form is not sent: each required field says what is missing', async () => {
    const { wrapper } = await open();
    await wrapper.get('[data-testid="user-create"]').trigger('click');
    await flushPromises();
    document.querySelector<HTMLButtonElement>('[data-testid="user-form-submit"]')!.click();
    const text = () => document.querySelector('[data-testid="user-form-dialog"]')?.textContent ?? '';
    await vi.waitFor(() => expect(text()).toContain('请输入用户名'), WAIT);
    await vi.waitFor(() => expect(text()).toContain('请选择角色'), WAIT);
    await vi.waitFor(() => expect(text()).toContain('请选择所属组织'), WAIT);
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });
});
