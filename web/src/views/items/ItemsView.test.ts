import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { ElConfigProvider } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import type { Item, Role } from '@rectify/shared';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import { itemDetail, jsonResponse, meAs } from '@/test/fixtures';

const item = (id: number, overrides: Partial<Item> = {}): Item => {
  const { measures: _m, progress: _p, evidence: _e, history: _h, allowedActions: _a, editableFields: _f, ...rest } = itemDetail({ id, code: `2026-公安-${String(id).padStart(3, '0')}`, title: `问题${id}`, ...overrides });
  return rest;
};

let wrapper: VueWrapper | null = null;

let ItemsView: unknown;
// The page and the Element Plus parts it uses compile on first import: that happens once, here, not in a test.
beforeAll(async () => {
  ItemsView = (await import('./ItemsView.vue')).default;
}, 120_000);
let listQueries: URLSearchParams[] = [];

beforeEach(() => {
  localStorage.setItem('rectify.accessToken', 'access');
  localStorage.setItem('rectify.refreshToken', 'refresh');
  listQueries = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://app.test');
      if (url.pathname === '/api/items') {
        listQueries.push(url.searchParams);
        const page = Number(url.searchParams.get('page') ?? 1);
        const light = url.searchParams.get('light');
        const rows = light === 'red' ? [item(9, { light: 'red' })] : [item(page * 10 + 1), item(page * 10 + 2)];
        if (url.searchParams.get('q') === '学习') return jsonResponse(200, { items: rows, total: 10000, totalCapped: true });
        return jsonResponse(200, { items: rows, total: light === 'red' ? 1 : 45 });
      }
      if (url.pathname === '/api/orgs') return jsonResponse(200, { items: [] });
      if (url.pathname === '/api/categories') return jsonResponse(200, { items: [] });
      if (url.pathname === '/api/reviews') return jsonResponse(200, { items: [], total: 0 });
      return jsonResponse(404, { error: { code: 'common.not_found', message: '请求的资源不存在' } });
    }),
  );
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

async function open(path: string, role: Role = 'supervisor') {
  const pinia: Pinia = createPinia();
  setActivePinia(pinia);
  useAuthStore(pinia).user = meAs(role);
  // The list and the pages it links to; the app's layout around it is not under test here.
  const stub = { render: () => h('p') };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/items', name: 'items', component: ItemsView as never },
      { path: '/items/ledger', name: 'ledger', component: stub },
      { path: '/items/:id', name: 'item', component: stub },
    ],
  });
  await router.push(path);
  const Root = defineComponent({ render: () => h(ElConfigProvider, { locale: zhCn }, () => h(RouterView)) });
  wrapper = mount(Root, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await vi.waitFor(() => expect(wrapper!.find('[data-testid="items-table"]').exists()).toBe(true));
  await flushPromises();
  return { router, wrapper };
}

const rowCodes = (w: VueWrapper) => w.findAll('.items__code').map((a) => a.text());

// Whole pages in a simulated browser: generous time for a busy machine.
describe('the ledger list and its address', { timeout: 90_000 }, () => {
  it('asks the API for what the address says and shows those rows with the total', async () => {
    const { wrapper } = await open('/items?light=red&sort=code&order=desc');
    expect(Object.fromEntries(listQueries.at(-1)!)).toEqual({ light: 'red', sort: 'code', order: 'desc', page: '1', pageSize: '20' });
    expect(rowCodes(wrapper)).toEqual(['2026-公安-009']);
    expect(wrapper.get('.el-pagination__total').text()).toBe('共 1 条');
    expect(wrapper.get('[data-light="red"]').text()).toBe('逾期');
  });

  it('a text search that matched more than the server counts says so beside the pages; an exact total says nothing', async () => {
    const { wrapper } = await open('/items?q=学习');
    expect(wrapper.get('[data-testid="items-total-capped"]').text()).toContain('超过 10000 项');
    wrapper.unmount();
    const exact = (await open('/items?light=red')).wrapper;
    expect(exact.find('[data-testid="items-total-capped"]').exists()).toBe(false);
  });

  it('paging writes the page into the address, and back returns to the first page', async () => {
    const { wrapper, router } = await open('/items');
    expect(rowCodes(wrapper)).toEqual(['2026-公安-011', '2026-公安-012']);
    await wrapper.get('.el-pager li:nth-child(2)').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/items?page=2');
    await vi.waitFor(() => expect(rowCodes(wrapper)).toEqual(['2026-公安-021', '2026-公安-022']));
    router.back();
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/items'));
    await vi.waitFor(() => expect(rowCodes(wrapper)).toEqual(['2026-公安-011', '2026-公安-012']));
  });

  it('clicking a column header sorts through the address', async () => {
    const { wrapper, router } = await open('/items');
    const header = wrapper.findAll('.el-table__header th').find((th) => th.text().includes('所属单位'))!;
    await header.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ sort: 'org' });
    expect(listQueries.at(-1)!.get('sort')).toBe('org');
  });

  it('a committee supervisor can tick rows for bulk actions and create items; a leader can do neither', async () => {
    const supervisor = await open('/items', 'supervisor');
    expect(supervisor.wrapper.find('.el-table-column--selection').exists()).toBe(true);
    expect(supervisor.wrapper.find('[data-testid="create-item"]').exists()).toBe(true);
    supervisor.wrapper.unmount();
    const viewer = await open('/items', 'viewer');
    expect(viewer.wrapper.find('.el-table-column--selection').exists()).toBe(false);
    expect(viewer.wrapper.find('[data-testid="create-item"]').exists()).toBe(false);
  });
});
