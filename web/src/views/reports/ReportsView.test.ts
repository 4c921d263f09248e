import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import { jsonResponse, meAs } from '@/test/fixtures';
import { todayInZone } from '@/utils/format';
import { monthlyReport } from './report-fixture.test-helpers';
import { lastMonth } from './report-month';

let ReportsView: unknown;
beforeAll(async () => {
  ReportsView = (await import('./ReportsView.vue')).default;
}, 120_000);

let requests: URL[] = [];
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  requests = [];
  localStorage.setItem('rectify.accessToken', 'access');
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://app.test');
      requests.push(url);
      if (url.pathname === '/api/reports/monthly' && url.searchParams.get('format') === 'xlsx') {
        return new Response(new Uint8Array([0x50, 0x4b, 3, 4]), {
          status: 200,
          headers: { 'content-disposition': `attachment; filename="report.xlsx"; filename*=UTF-8''${encodeURIComponent('江川市直属机关工作委员会2026-04整改月报.xlsx')}` },
        });
      }
      if (url.pathname === '/api/reports/monthly') {
        const month = url.searchParams.get('month')!;
        return jsonResponse(200, monthlyReport({ month, firstDay: `${month}-01` }));
      }
      if (url.pathname === '/api/orgs') return jsonResponse(200, { items: [] });
      return jsonResponse(404, { error: { code: 'common.not_found', message: '请求的资源不存在' } });
    }),
  );
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function open(path: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore(pinia).user = meAs('viewer');
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/reports', name: 'reports', component: ReportsView as never },
      { path: '/items/:id', name: 'item', component: { render: () => h('p') } },
    ],
  });
  await router.push(path);
  wrapper = mount(defineComponent({ render: () => h(RouterView) }), { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await vi.waitFor(() => expect(wrapper!.find('[data-testid="report"]').exists()).toBe(true));
  await flushPromises();
  return { router, wrapper };
}

const monthsAsked = () => requests.filter((u) => u.pathname === '/api/reports/monthly').map((u) => u.searchParams.get('month'));

describe('the monthly report page', { timeout: 60_000 }, () => {
  it('shows last month by default, with its figures, sections and the overdue items', async () => {
    const { wrapper } = await open('/reports');
    expect(monthsAsked()).toEqual([lastMonth(todayInZone())]);
    expect(wrapper.get('[data-figure="rate"] .headline__value').text()).toBe('52.5%');
    expect(wrapper.get('[data-figure="overdue"]').text()).toContain('较上月 −2');
    expect(wrapper.get('[data-testid="report-summary"]').text()).toContain('范围内共有整改事项40项');
    expect(wrapper.findAll('[data-testid="report-by-org"] tbody tr').map((r) => r.find('td').text())).toEqual(['江川市公安局党委', '江川市财政局机关党委']);
    expect(wrapper.get('[data-testid="report-overdue"]').text()).toContain('支部换届不及时');
    // The heading counts every overdue item; a report lists the longest overdue only (REPORT_OVERDUE_LIST_CAP) and says so.
    expect(wrapper.text()).toContain('四、逾期未完成事项（6项）');
    expect(wrapper.get('[data-testid="report-overdue-capped"]').text()).toContain('以下列出逾期时间最长的1项');
  });

  it('when the report lists every overdue item, it says nothing of the others', async () => {
    vi.mocked(fetch).mockImplementation(async () => jsonResponse(200, monthlyReport({ figures: { ...monthlyReport().figures, overdue: 1 } })));
    const { wrapper } = await open('/reports?month=2026-05');
    expect(wrapper.text()).toContain('四、逾期未完成事项（1项）');
    expect(wrapper.find('[data-testid="report-overdue-capped"]').exists()).toBe(false);
  });

  it('loads the month of the address, and a new month when the address changes', async () => {
    const { wrapper, router } = await open('/reports?month=2026-03');
    expect(wrapper.get('[data-testid="report-title"]').text()).toBe('2026年3月问题整改情况月报');
    await router.push('/reports?month=2026-02');
    await vi.waitFor(() => expect(wrapper.get('[data-testid="report-title"]').text()).toBe('2026年2月问题整改情况月报'));
    expect(monthsAsked()).toEqual(['2026-03', '2026-02']);
  });

  it('downloads the workbook with the bearer token, under the name the server gives', async () => {
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:report');
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const { wrapper } = await open('/reports?month=2026-04');
    await wrapper.get('[data-testid="report-xlsx"]').trigger('click');
    await vi.waitFor(() => expect(clicked).toEqual(['江川市直属机关工作委员会2026-04整改月报.xlsx']));
    const file = requests.find((u) => u.searchParams.get('format') === 'xlsx')!;
    expect(Object.fromEntries(file.searchParams)).toEqual({ month: '2026-04', format: 'xlsx' });
    expect(created).toHaveBeenCalledOnce();
    const call = vi.mocked(fetch).mock.calls.find(([input]) => String(input).includes('format=xlsx'))!;
    expect((call[1]!.headers as Record<string, string>).authorization).toBe('Bearer access');
  });
});
