import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { i18n, setLocale, type Locale } from '@/i18n';
import { jsonResponse } from '@/test/fixtures';
import ChannelFormDialog from './ChannelFormDialog.vue';

let wrapper: VueWrapper | null = null;
const posted: Array<Record<string, unknown>> = [];

beforeEach(() => {
  localStorage.setItem('rectify.accessToken', 'access');
  posted.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = new URL(String(input), 'http://app.test').pathname;
      if (path === '/api/notification-channels' && init.method === 'POST') {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        posted.push(body);
        return jsonResponse(201, { id: 7, ...body, url: null, smtpPasswordSet: false, secretSet: false });
      }
      if (path === '/api/orgs') return jsonResponse(200, { items: [] });
      return jsonResponse(404, { error: { code: 'common.not_found', message: '请求的资源不存在' } });
    }),
  );
});
afterEach(async () => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
  await setLocale('zh-CN');
});

const field = <T extends HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid="${testid}"]`);
/** Element Plus puts the attributes of an el-input on its input element. */
const inputOf = (testid: string) => {
  const el = field(testid)!;
  return (el.matches('input, textarea') ? el : el.querySelector('input, textarea')) as HTMLInputElement | HTMLTextAreaElement;
};
async function type(testid: string, value: string) {
  const input = inputOf(testid);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}

describe.each<[Locale, string, string]>([
  ['zh-CN', '发件人', '如：rectify@example.gov.cn'],
  ['en', 'Sender', 'e.g. rectify@example.gov.cn'],
])('the e-mail channel form in %s', (locale, _label, placeholder) => {
  it('shows the sender field with its hint, saves, and vue-i18n reports nothing', async () => {
    const logged: string[] = [];
    for (const method of ['error', 'warn'] as const) vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    await setLocale(locale);
    const pinia = createPinia();
    setActivePinia(pinia);
    const saved = vi.fn();
    wrapper = mount(ChannelFormDialog, { props: { modelValue: true, channel: null, onSaved: saved }, global: { plugins: [pinia, i18n] }, attachTo: document.body });
    await flushPromises();
    const email = [...field('channel-type')!.querySelectorAll<HTMLInputElement>('input')].find((i) => i.value === 'email')!;
    email.click();
    await flushPromises();

    const from = inputOf('channel-mail-from');
    expect(from.placeholder).toBe(placeholder);
    await type('channel-name', 'Mail');
    await type('channel-smtp-host', 'smtp.example.gov.cn');
    await type('channel-mail-from', 'rectify@example.gov.cn');
    await type('channel-mail-to', 'clerk@example.gov.cn');
    field<HTMLButtonElement>('channel-save')!.click();
    await flushPromises();

    expect(posted).toEqual([expect.objectContaining({ type: 'email', mailFrom: 'rectify@example.gov.cn', mailTo: ['clerk@example.gov.cn'] })]);
    expect(saved).toHaveBeenCalledOnce();
    expect(logged.filter((line) => /intlify|i18n|compilation/i.test(line))).toEqual([]);
  });
});

describe('the channel form when the server refuses an internal address', () => {
  it('marks the SMTP host as internal, not as missing', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const path = new URL(String(input), 'http://app.test').pathname;
        if (path === '/api/notification-channels') {
          return jsonResponse(400, { error: { code: 'channels.address_not_allowed', message: '通知渠道地址指向内网', details: { fields: ['smtpHost'] } } });
        }
        return jsonResponse(200, { items: [] });
      }),
    );
    const pinia = createPinia();
    setActivePinia(pinia);
    wrapper = mount(ChannelFormDialog, { props: { modelValue: true, channel: null }, global: { plugins: [pinia, i18n] }, attachTo: document.body });
    await flushPromises();
    const email = [...field('channel-type')!.querySelectorAll<HTMLInputElement>('input')].find((i) => i.value === 'email')!;
    email.click();
    await flushPromises();
    await type('channel-name', 'Mail');
    await type('channel-smtp-host', '2130706433');
    await type('channel-mail-from', 'rectify@example.gov.cn');
    await type('channel-mail-to', 'clerk@example.gov.cn');
    field<HTMLButtonElement>('channel-save')!.click();
    await flushPromises();

    const host = field('channel-smtp-host')!.closest('.el-form-item')!;
    // The refusal passes through the client's error handling before the field shows it.
    await vi.waitFor(() => expect(host.textContent).toContain('内网、本机或保留地址不能使用'));
    expect(host.textContent).not.toContain('必填');
  });
});
