import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import type { Dashboard, DashboardFigures, Item } from '@rectify/shared';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import { itemDetail, jsonResponse, meAs } from '@/test/fixtures';

const figures = (overrides: Partial<DashboardFigures> = {}): DashboardFigures => ({
  total: 0, open: 0, overdue: 0, nearDeadline: 0, closed: 0, closedOnTime: 0, closedLate: 0, cancelled: 0, due: 0, completionRate: null, onTimeRate: null, ...overrides,
});

function dashboard(total: number): Dashboard {
  return {
    asOf: '2026-06-10',
    orgId: 1,
    orgName: '江川市直属机关工作委员会',
    period: { from: null, to: null },
    totals: {
      ...figures({ total, open: total ? 12 : 0, overdue: total ? 4 : 0, nearDeadline: total ? 2 : 0, closed: total ? 8 : 0, closedOnTime: total ? 7 : 0, closedLate: total ? 1 : 0, due: total ? 12 : 0, completionRate: total ? 8 / 20 : null, onTimeRate: total ? 7 / 12 : null }),
      byStatus: { issued: 0, in_progress: 0, closure_requested: total ? 1 : 0, closed: 0, cancelled: 0 },
      byLight: { green: total ? 6 : 0, yellow: total ? 2 : 0, red: total ? 4 : 0 },
    },
    byOrg: total
      ? [
          { orgId: 3, orgName: '江川市公安局党委', ...figures({ total: 12, open: 8, overdue: 3, closed: 4, completionRate: 4 / 12 }) },
          { orgId: 4, orgName: '江川市财政局机关党委', ...figures({ total: 8, open: 4, overdue: 1, closed: 4, completionRate: 0.5 }) },
        ]
      : [],
    byCategory: [],
    bySource: [],
    byReview: [],
    trend: [{ month: '2026-06', issued: 0, closed: 0 }],
  };
}

const waitingItem = (): Item => {
  const { measures: _m, progress: _p, evidence: _e, history: _h, allowedActions: _a, editableFields: _f, ...rest } = itemDetail({ id: 21, code: '2026-公安-021', title: '支部换届不及时', status: 'closure_requested' });
  return rest;
};

let CommitteeDashboard: unknown;
beforeAll(async () => {
  CommitteeDashboard = (await import('./CommitteeDashboard.vue')).default;
}, 120_000);

let requests: URL[] = [];
let total = 20;
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  requests = [];
  total = 20;
  localStorage.setItem('rectify.accessToken', 'access');
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://app.test');
      requests.push(url);
      if (url.pathname === '/api/dashboard') return jsonResponse(200, dashboard(total));
      if (url.pathname === '/api/items' && url.searchParams.get('awaiting') === 'closure') return jsonResponse(200, { items: total ? [waitingItem()] : [], total: total ? 1 : 0 });
      if (url.pathname === '/api/items') return jsonResponse(200, { items: [], total: 0 });
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
  useAuthStore(pinia).user = meAs('supervisor');
  const stub = { render: () => h('p') };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: CommitteeDashboard as never },
      { path: '/items', name: 'items', component: stub },
      { path: '/items/:id', name: 'item', component: stub },
    ],
  });
  await router.push(path);
  wrapper = mount(defineComponent({ render: () => h(RouterView) }), { global: { plugins: [pinia, i18n, router] } });
  await flushPromises();
  await vi.waitFor(() => expect(wrapper!.find('[data-testid="figure-rate"]').text()).toContain('%'));
  return { router, wrapper };
}

describe('the committee dashboard', { timeout: 60_000 }, () => {
  it('shows the completion rate and the counts, each leading to the ledger list behind it', async () => {
    const { wrapper } = await open('/');
    expect(wrapper.get('[data-testid="figure-rate"]').text()).toContain('40%');
    expect(wrapper.get('[data-testid="figure-rate"]').text()).toContain('已销号 8 项，共 20 项');
    expect(wrapper.get('[data-testid="figure-on-time"]').text()).toBe('按期销号率 58.3%');
    expect(wrapper.get('[data-testid="figure-overdue-open"]').text()).toBe('逾期未销号 4');
    await wrapper.get('[data-testid="figure-rate-formula"]').trigger('mouseenter');
    await vi.waitFor(() => expect(document.body.textContent).toContain('整改完成率 = 已销号 ÷（事项总数 − 已撤销）'));
    expect(wrapper.get('[data-testid="figure-closed"] .figure__value').text()).toBe('8');
    expect(wrapper.get('[data-testid="figure-open"] .figure__value').text()).toBe('12');
    expect(wrapper.get('[data-testid="light-red"]').attributes('href')).toBe('/items?light=red');
    expect(wrapper.get('[data-testid="light-red"] .figure__value').text()).toBe('4');
    expect(wrapper.get('[data-testid="figure-closed"]').attributes('href')).toBe('/items?status=closed');
  });

  it('lists the closure requests waiting for the supervisor, each opening its item', async () => {
    const { wrapper } = await open('/');
    const closure = wrapper.get('[data-testid="awaiting-closure"]');
    expect(wrapper.get('[data-testid="awaiting"] .rf-card__title').text()).toBe('待我处理');
    expect(closure.get('[data-testid="awaiting-count"]').text()).toBe('1');
    expect(closure.get('.awaiting__item').attributes('href')).toBe('/items/21');
    expect(closure.get('.awaiting__all').attributes('href')).toBe('/items?awaiting=closure&reviewLevel=committee&sort=updatedAt');
    expect(wrapper.get('[data-testid="awaiting-extension"]').text()).toContain('没有等待审核的延期申请');
    const waiting = requests.filter((u) => u.pathname === '/api/items').map((u) => u.searchParams.get('awaiting'));
    expect(waiting.sort()).toEqual(['closure', 'extension']);
  });

  it('ranks the organizations by overdue items; a row opens the organization in the ledger', async () => {
    const { wrapper, router } = await open('/');
    const rows = wrapper.findAll('[data-testid="org-ranking"] tbody tr');
    expect(rows.map((r) => r.get('.ranking__org').text())).toEqual(['江川市公安局党委', '江川市财政局机关党委']);
    expect(rows[0]!.get('.ranking__overdue').attributes('href')).toBe('/items?orgId=3&light=red');
    await rows[1]!.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/items?orgId=4');
  });

  it('asks for the organization and period of the address, and keeps the organization in its links', async () => {
    const { wrapper } = await open('/?orgId=3&from=2026-01-01&to=2026-03-31');
    const asked = requests.find((u) => u.pathname === '/api/dashboard')!;
    expect(Object.fromEntries(asked.searchParams)).toEqual({ orgId: '3', from: '2026-01-01', to: '2026-03-31' });
    expect(requests.filter((u) => u.pathname === '/api/items').every((u) => u.searchParams.get('orgId') === '3')).toBe(true);
    expect(wrapper.get('[data-testid="light-red"]').attributes('href')).toBe('/items?orgId=3&light=red');
    expect(wrapper.get('[data-testid="dashboard-filters"]').text()).toContain('下发：2026-01-01 至 2026-03-31');
  });

  it('says there is nothing yet instead of empty tables and charts', async () => {
    total = 0;
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore(pinia).user = meAs('viewer');
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', name: 'home', component: CommitteeDashboard as never }, { path: '/items', name: 'items', component: { render: () => h('p') } }] });
    await router.push('/');
    wrapper = mount(defineComponent({ render: () => h(RouterView) }), { global: { plugins: [pinia, i18n, router] } });
    await vi.waitFor(() => expect(wrapper!.find('[data-testid="dashboard-empty"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="dashboard-empty"]').text()).toContain('还没有整改事项');
    expect(wrapper.get('[data-testid="figure-rate"]').text()).toContain('暂无事项');
    expect(wrapper.find('[data-testid="org-ranking"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="dashboard-charts"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="awaiting"] .rf-card__title').text()).toBe('待工委审批');
  });
});
