import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { LdapSettings } from '@rectify/shared';
import { i18n } from '@/i18n';
import { jsonResponse } from '@/test/fixtures';
import LdapSettingsPanel from './LdapSettingsPanel.vue';

const stored: LdapSettings = {
  enabled: true,
  label: '统一目录账号',
  url: 'ldaps://ldap.example.org:636',
  startTls: false,
  caCertPem: '',
  bindDn: 'cn=rectify,dc=example,dc=org',
  hasBindPassword: true,
  searchBase: 'ou=people,dc=example,dc=org',
  searchFilter: '(uid={{username}})',
  usernameAttribute: 'uid',
  timeoutMs: 5000,
  createAccounts: { enabled: false, orgId: null },
};
const sent: { path: string; body: Record<string, unknown> }[] = [];
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  localStorage.setItem('rectify.accessToken', 'access');
  sent.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = new URL(String(input), 'http://app.test').pathname;
      if (init.body) sent.push({ path, body: JSON.parse(String(init.body)) as Record<string, unknown> });
      if (path === '/api/sign-in/ldap/test') return jsonResponse(200, { ok: false, message: '服务账号绑定失败：请检查服务账号 DN 和密码' });
      if (path === '/api/sign-in/ldap') return jsonResponse(200, stored);
      return jsonResponse(200, { items: [] });
    }),
  );
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

const field = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)!;

it('when a service password is saved, the form keeps it unless one is typed, and 测试连接 shows the answer in Chinese', async () => {
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(LdapSettingsPanel, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  await flushPromises();
  expect((field('ldap-bind-password') as HTMLInputElement).placeholder).toBe('已保存，留空则保持不变');

  field('ldap-test').click();
  await flushPromises();
  expect(field('ldap-test-result').textContent).toContain('服务账号绑定失败');

  field('ldap-save').click();
  await flushPromises();
  const saved = sent.filter((s) => s.path === '/api/sign-in/ldap');
  expect(saved).toHaveLength(1);
  expect(saved[0].body).not.toHaveProperty('bindPassword');
  expect(saved[0].body).toMatchObject({ url: stored.url, searchFilter: '(uid={{username}})', createAccounts: { enabled: false, orgId: null } });
  expect(wrapper.emitted('saved')).toHaveLength(1);
});
