import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ApiError } from '@/api';
import { filtersToApi, itemCodec, type ItemFilters } from '@/utils/item-query';
import { specCodec } from '@/utils/list-query';
import { useListPage, type ListCodec, type Paged } from './useListPage';

/** A page using the list, under a real router, recording every load it asks for; `answer` decides each answer. */
async function setup<F extends Paged>(start: string, codec: ListCodec<F>, answer: (filters: F, n: number) => Promise<{ rows: number[]; total: number }> = async () => ({ rows: [1, 2], total: 2 })) {
  const loads: F[] = [];
  let list!: ReturnType<typeof useListPage<F, number>>;
  const Page = defineComponent({
    setup() {
      list = useListPage<F, number>({ codec, fetch: (filters) => (loads.push(filters), answer(filters, loads.length)) });
      return () => h('div');
    },
  });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/items', name: 'items', component: Page },
      { path: '/elsewhere', name: 'elsewhere', component: { render: () => h('p') } },
    ],
  });
  await router.push(start);
  mount(defineComponent({ render: () => h('main', [h(Page)]) }), { global: { plugins: [router] } });
  await flushPromises();
  return { router, loads, list };
}

const api = (loads: ItemFilters[]) => loads.map((f) => filtersToApi(f));

describe('useListPage', () => {
  it('on arrival, it loads the list with the filters in the address, open items first by deadline unless another order is asked', async () => {
    const { loads, list } = await setup('/items?light=red&status=in_progress&page=2', itemCodec);
    expect(api(loads)).toEqual([{ status: 'in_progress', light: 'red', sort: 'urgency', order: 'asc', page: 2, pageSize: 20 }]);
    expect(list.rows.value).toEqual([1, 2]);
    expect(list.offset.value).toBe(20);
    expect(list.filtered.value).toBe(true);
  });

  it('when a filter changes, it goes into the address as a new history entry, back to page 1, and loads once', async () => {
    const { router, loads, list } = await setup('/items?page=3', itemCodec);
    await list.update({ orgId: 4, q: '换届' });
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/items?orgId=4&q=%E6%8D%A2%E5%B1%8A');
    expect(api(loads).at(-1)).toMatchObject({ orgId: 4, q: '换届', page: 1 });
    expect(loads).toHaveLength(2);
  });

  it('when the user goes back and forward, it shows the filters of that entry again', async () => {
    const { router, loads, list } = await setup('/items', itemCodec);
    await list.update({ light: ['red'] });
    await list.update({ page: 2 });
    await flushPromises();
    router.back();
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/items?light=red'));
    await flushPromises();
    expect(list.filters.value).toMatchObject({ light: ['red'], page: 1 });
    expect(api(loads).at(-1)).toMatchObject({ light: 'red', page: 1 });
    router.forward();
    await vi.waitFor(() => expect(router.currentRoute.value.query.page).toBe('2'));
  });

  it('when reset, it clears the filters but keeps the sort order and page size', async () => {
    const { router, list } = await setup('/items?status=closed&sort=org&order=desc&pageSize=50&page=4', itemCodec);
    await list.reset();
    expect(router.currentRoute.value.query).toEqual({ sort: 'org', order: 'desc', pageSize: '50' });
  });

  it('when the page is left, it loads nothing more', async () => {
    const { router, loads } = await setup('/items', itemCodec);
    await router.push('/elsewhere');
    await nextTick();
    expect(loads).toHaveLength(1);
  });

  it('when a load fails, it shows the error and no rows, and a retry that succeeds clears it', async () => {
    const codec = specCodec({ q: 'text' } as const);
    let fail = true;
    const { list } = await setup('/items?q=x', codec, async () => {
      if (fail) throw new ApiError({ status: 503, code: 'common.db_unavailable', message: '数据库暂时不可用' });
      return { rows: [7], total: 1 };
    });
    expect(list.error.value).toBe('数据库暂时不可用');
    expect(list.rows.value).toEqual([]);
    expect(list.loading.value).toBe(false);
    fail = false;
    await list.reload();
    expect(list.error.value).toBeNull();
    expect(list.rows.value).toEqual([7]);
  });

  it('when an earlier answer comes after a later one, the later one stays', async () => {
    const codec = specCodec({ q: 'text' } as const);
    const pending: Array<(value: { rows: number[]; total: number }) => void> = [];
    const { list } = await setup('/items', codec, () => new Promise((resolve) => pending.push(resolve)));
    await list.update({ q: 'b' });
    await flushPromises();
    pending[1]!({ rows: [2], total: 1 });
    pending[0]!({ rows: [1], total: 1 });
    await flushPromises();
    expect(list.rows.value).toEqual([2]);
    expect(list.loading.value).toBe(false);
  });
});
