import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { ElConfigProvider } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import type { ExtractResult } from '@rectify/shared';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import { jsonResponse, meAs } from '@/test/fixtures';
import { todayInZone } from '@/utils/format';
import { addDays } from '../notices/notice-payload';

const DEADLINE = addDays(todayInZone(), 60);

const COMMENT = '存在的不足：一是理论学习不够深入；二是“三会一课”落实不够规范；三是发展党员偏少。';
const extracted: ExtractResult = {
  orgId: 3,
  orgName: '江川市财政局机关党委',
  source: 'review',
  outcome: 'enumerated',
  section: { cue: '存在的不足', start: 0, end: COMMENT.length },
  message: null,
  drafts: [
    { seq: 1, title: '理论学习不够深入', description: '理论学习不够深入。', categoryId: 2, categoryName: '理论学习', keywords: ['学习'], existing: null },
    { seq: 2, title: '“三会一课”落实不够规范', description: '“三会一课”落实不够规范。', categoryId: 3, categoryName: '组织建设', keywords: ['三会一课'], existing: null },
    { seq: 3, title: '发展党员偏少', description: '发展党员偏少。', categoryId: null, categoryName: null, keywords: [], existing: null },
  ],
};

let calls: { method: string; path: string; body: Record<string, unknown> | undefined }[] = [];
let wrapper: VueWrapper | null = null;
let ReviewOrgPanel: unknown;
beforeAll(async () => {
  ReviewOrgPanel = (await import('./ReviewOrgPanel.vue')).default;
}, 120_000);

beforeEach(() => {
  localStorage.setItem('rectify.accessToken', 'access');
  calls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://app.test');
      const method = init.method ?? 'GET';
      const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
      calls.push({ method, path: url.pathname, body });
      if (url.pathname === '/api/categories') return jsonResponse(200, { items: [] });
      if (url.pathname === '/api/reviews/1/extract') return jsonResponse(200, extracted);
      if (url.pathname === '/api/reviews/1/items') {
        const items = (body!.items as unknown[]).map((_, i) => ({ id: 100 + i, code: `2026-财政-00${i + 1}`, orgId: 3, title: 't' }));
        return jsonResponse(201, { items });
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

async function mountPanel() {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore(pinia).user = meAs('supervisor');
  const Root = defineComponent({
    render: () => h(ElConfigProvider, { locale: zhCn }, () => h(ReviewOrgPanel as never, { reviewId: 1, orgId: 3, orgName: '江川市财政局机关党委', comment: null, canWrite: true })),
  });
  wrapper = mount(Root, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const rows = (w: VueWrapper) => w.findAll('[data-testid="draft-row"]');
const writes = () => calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/extract'));

async function pickDate(w: VueWrapper, selector: string, day: string) {
  const input = w.find<HTMLInputElement>(`${selector} input`);
  await input.setValue(day);
  await input.trigger('change');
  await flushPromises();
}

describe('from a comment to confirmed items', { timeout: 120_000 }, () => {
  it('extracts drafts, lets them be edited, removed and added to, and sends only what is left on 确认建账', async () => {
    const w = await mountPanel();
    await w.find('textarea[data-testid="comment-text"]').setValue(COMMENT);
    await w.find('[data-testid="extract"]').trigger('click');
    await vi.waitFor(() => expect(rows(w)).toHaveLength(3));
    expect(w.find('[data-testid="extract-message"]').text()).toContain('识别出 3 条不足');
    expect(calls.find((c) => c.path.endsWith('/extract'))?.body).toEqual({ orgId: 3, text: COMMENT });

    await rows(w)[1]!.find('input[data-testid="draft-title"]').setValue('支部“三会一课”记录不全');
    await rows(w)[2]!.find('[data-testid="draft-remove"]').trigger('click');
    await w.find('[data-testid="draft-add"]').trigger('click');
    await flushPromises();
    expect(rows(w)).toHaveLength(3);
    await rows(w)[2]!.find('textarea[data-testid="draft-description"]').setValue('党务干部力量薄弱。');
    await pickDate(w, '.org-panel__batch', DEADLINE);
    expect(writes()).toEqual([]);

    await w.find('[data-testid="drafts-confirm"]').trigger('click');
    await vi.waitFor(() => expect(writes()).toHaveLength(1));
    const [confirm] = writes();
    expect(confirm!.path).toBe('/api/reviews/1/items');
    expect(confirm!.body).toEqual({
      orgId: 3,
      comment: COMMENT,
      source: 'review',
      items: [
        { title: '理论学习不够深入', description: '理论学习不够深入。', categoryId: 2, deadline: DEADLINE, type: 'deadline', responsibleLeader: null, responsiblePerson: null },
        { title: '支部“三会一课”记录不全', description: '“三会一课”落实不够规范。', categoryId: 3, deadline: DEADLINE, type: 'deadline', responsibleLeader: null, responsiblePerson: null },
        { description: '党务干部力量薄弱。', categoryId: null, deadline: DEADLINE, type: 'deadline', responsibleLeader: null, responsiblePerson: null },
      ],
    });
    // Once created, the drafts are gone: confirming twice cannot create the items twice.
    await vi.waitFor(() => expect(w.find('[data-testid="drafts"]').exists()).toBe(false));
  });

  it('does not send drafts without a deadline, and says which one lacks it', async () => {
    const w = await mountPanel();
    await w.find('textarea[data-testid="comment-text"]').setValue(COMMENT);
    await w.find('[data-testid="extract"]').trigger('click');
    await vi.waitFor(() => expect(rows(w)).toHaveLength(3));
    expect(w.find('[data-testid="draft-issues"]').text()).toBe('第 1 条缺少整改时限');
    await w.find('[data-testid="drafts-confirm"]').trigger('click');
    await flushPromises();
    expect(writes()).toEqual([]);
  });
});
