import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { ElConfigProvider } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import { jsonResponse, meAs } from '@/test/fixtures';

let ChangePasswordForm: unknown;
beforeAll(async () => {
  ChangePasswordForm = (await import('./ChangePasswordForm.vue')).default;
}, 120_000);

// What the page does after a click can take a while on a busy machine.
const WAIT = { timeout: 15_000 };

let wrapper: VueWrapper | null = null;
let pinia: Pinia;
let sent: unknown[] = [];
let answer: Response;

beforeEach(() => {
  localStorage.setItem('rectify.accessToken', 'old-access');
  localStorage.setItem('rectify.refreshToken', 'old-refresh');
  sent = [];
  answer = jsonResponse(200, { accessToken: 'new-access', refreshToken: 'new-refresh', expiresIn: 900, user: meAs('branch', { username: 'wang', mustChangePassword: false }) });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(JSON.parse(String(init?.body)));
      return answer;
    }),
  );
  pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore(pinia).user = meAs('branch', { username: 'wang', mustChangePassword: true });
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

function mountForm() {
  const changed = vi.fn();
  const Root = defineComponent({ render: () => h(ElConfigProvider, { locale: zhCn }, () => h(ChangePasswordForm as never, { onChanged: changed })) });
  wrapper = mount(Root, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  return { wrapper, changed };
}

async function type(w: VueWrapper, values: { old: string; next: string; confirm: string }) {
  await w.get('input[name="old-password"]').setValue(values.old);
  await w.get('input[name="new-password"]').setValue(values.next);
  await w.get('input[name="confirm-password"]').setValue(values.confirm);
  await w.get('form').trigger('submit');
  await flushPromises();
}

describe('修改密码', { timeout: 60_000 }, () => {
  it('shows the rule beside the field and ticks off each part as the new password meets it', async () => {
    const { wrapper } = mountForm();
    const rule = () => wrapper.get('[data-testid="password-rule"]');
    expect(rule().text()).toContain('至少 10 个字符');
    expect(rule().text()).toContain('不能包含用户名');
    expect(rule().text()).toContain('不能是常见密码');
    await wrapper.get('input[name="new-password"]').setValue('Wang2026-strong');
    expect(rule().findAll('.rule--met')).toHaveLength(1);
    await wrapper.get('input[name="new-password"]').setValue('Harbour-Lights-9');
    expect(rule().findAll('.rule--met')).toHaveLength(2);
  });

  it.each([
    ['too short', { old: 'Temp2026abc', next: 'Short1', confirm: 'Short1' }, '新密码至少 10 个字符'],
    ['containing the username', { old: 'Temp2026abc', next: 'wang-2026-pass', confirm: 'wang-2026-pass' }, '新密码不能包含用户名'],
    ['typed differently twice', { old: 'Temp2026abc', next: 'Harbour-Lights-9', confirm: 'Harbour-Lights-8' }, '两次输入的新密码不一致'],
    ['the same as the old one', { old: 'Harbour-Lights-9', next: 'Harbour-Lights-9', confirm: 'Harbour-Lights-9' }, '新密码不能与原密码相同'],
  ])('a new password %s is refused in the form and never sent', async (_case, values, message) => {
    const { wrapper } = mountForm();
    await type(wrapper, values);
    await vi.waitFor(() => expect(wrapper.text()).toContain(message), WAIT);
    expect(sent).toEqual([]);
  });

  it('a change continues the session with the fresh tokens the server answered and lifts the forced change', async () => {
    const { wrapper, changed } = mountForm();
    await type(wrapper, { old: 'Temp2026abc', next: 'Harbour-Lights-9', confirm: 'Harbour-Lights-9' });
    await vi.waitFor(() => expect(changed).toHaveBeenCalled(), WAIT);
    expect(sent).toEqual([{ oldPassword: 'Temp2026abc', newPassword: 'Harbour-Lights-9' }]);
    expect(localStorage.getItem('rectify.accessToken')).toBe('new-access');
    expect(localStorage.getItem('rectify.refreshToken')).toBe('new-refresh');
    expect(useAuthStore(pinia).mustChangePassword).toBe(false);
  });

  it('a password the server refuses (a common one) is explained in Chinese', async () => {
    answer = jsonResponse(400, { error: { code: 'auth.weak_password', message: 'x' } });
    const { wrapper, changed } = mountForm();
    await type(wrapper, { old: 'Temp2026abc', next: 'password123', confirm: 'password123' });
    await vi.waitFor(() => expect(wrapper.get('[role="alert"]').text()).toContain('不能是常见密码'), WAIT);
    expect(changed).not.toHaveBeenCalled();
    expect(useAuthStore(pinia).mustChangePassword).toBe(true);
  });
});
