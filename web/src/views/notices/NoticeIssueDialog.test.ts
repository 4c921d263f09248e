import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h, ref } from 'vue';
import { ElConfigProvider } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import type { NoticeDetail } from '@rectify/shared';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import type { SelectedItem } from '@/stores/itemSelection';
import { jsonResponse, meAs } from '@/test/fixtures';
import { todayInZone } from '@/utils/format';
import { addDays } from './notice-payload';

const chosen: SelectedItem[] = [
  { id: 11, code: '2026-公安-001', title: '理论学习不够深入', orgId: 2, orgName: '江川市公安局党委', status: 'in_progress', light: 'red', deadline: '2026-06-30', version: 1 },
  { id: 31, code: '2026-财政-001', title: '党建与业务“两张皮”', orgId: 3, orgName: '江川市财政局机关党委', status: 'issued', light: 'green', deadline: '2027-03-31', version: 1 },
  { id: 12, code: '2026-公安-002', title: '发展党员偏少', orgId: 2, orgName: '江川市公安局党委', status: 'closed', light: null, deadline: '2026-05-31', version: 1 },
];

let posts: Record<string, unknown>[] = [];
let wrapper: VueWrapper | null = null;
let NoticeIssueDialog: unknown;
beforeAll(async () => {
  NoticeIssueDialog = (await import('./NoticeIssueDialog.vue')).default;
}, 120_000);

beforeEach(() => {
  localStorage.setItem('rectify.accessToken', 'access');
  posts = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://app.test');
      if (url.pathname === '/api/notices' && init.method === 'POST') {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        posts.push(body);
        return jsonResponse(201, { id: posts.length, number: `督办〔2026〕${posts.length}号`, orgId: body.orgId, items: [] });
      }
      return jsonResponse(404, { error: { code: 'common.not_found', message: '请求的资源不存在' } });
    }),
  );
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

describe('issuing 督办单 for the items chosen in the ledger', { timeout: 120_000 }, () => {
  it('sends one notice per organization of the open items, with the level the overdue item suggests', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore(pinia).user = meAs('supervisor');
    const issued = ref<NoticeDetail[] | null>(null);
    const Root = defineComponent({
      render: () =>
        h(ElConfigProvider, { locale: zhCn }, () =>
          h(NoticeIssueDialog as never, { modelValue: true, items: chosen, onIssued: (notices: NoticeDetail[]) => (issued.value = notices) }),
        ),
    });
    wrapper = mount(Root, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
    await flushPromises();

    const dialog = () => document.querySelector<HTMLElement>('[data-testid="notice-issue-dialog"]')!;
    await vi.waitFor(() => expect(dialog()).not.toBeNull());
    expect(dialog().textContent).toContain('将向 2 个单位各下发一份督办单');
    expect(document.querySelector('[data-testid="notice-issue-groups"]')!.textContent).toContain('江川市公安局党委（1 项）');
    expect(dialog().textContent).toContain('1 项已销号或已撤销，不再督办');
    const requirements = document.querySelector<HTMLTextAreaElement>('textarea[data-testid="notice-requirements"]')!;
    expect(requirements.value).toContain('已超过整改时限');

    document.querySelector<HTMLButtonElement>('[data-testid="notice-issue-submit"]')!.click();
    await vi.waitFor(() => expect(issued.value).toHaveLength(2));
    const common = { level: 'red', requirements: requirements.value.trim(), replyDeadline: addDays(todayInZone(), 7) };
    expect(posts).toEqual([
      { orgId: 2, itemIds: [11], ...common },
      { orgId: 3, itemIds: [31], ...common },
    ]);
  });
});
