import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { ItemListQuery } from '@rectify/shared';
import { useItemFilters } from './useItemFilters';

/** A page using the filters, under a real router, recording every load it asks for. */
async function setup(start: string) {
  const loads: ItemListQuery[] = [];
  let filters!: ReturnType<typeof useItemFilters>;
  const Page = defineComponent({
    setup() {
      filters = useItemFilters();
      filters.onFiltersChange((query) => loads.push(query));
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
  const Root = defineComponent({ render: () => h('main', [h(Page)]) });
  mount(Root, { global: { plugins: [router] } });
  await flushPromises();
  return { router, loads, filters };
}

describe('useItemFilters', () => {
  it('on arrival, it loads the list with the filters in the address', async () => {
    const { loads } = await setup('/items?light=red&status=in_progress&page=2');
    expect(loads).toEqual([{ status: 'in_progress', light: 'red', sort: 'deadline', order: 'asc', page: 2, pageSize: 20 }]);
  });

  it('a changed filter goes into the address as a new history entry, back to page 1, and loads once', async () => {
    const { router, loads, filters } = await setup('/items?page=3');
    await filters.update({ orgId: 4, q: '换届' });
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/items?orgId=4&q=%E6%8D%A2%E5%B1%8A');
    expect(loads.at(-1)).toMatchObject({ orgId: 4, q: '换届', page: 1 });
    expect(loads).toHaveLength(2);
  });

  it('back and forward show the filters of that entry again', async () => {
    const { router, loads, filters } = await setup('/items');
    await filters.update({ light: ['red'] });
    await filters.update({ page: 2 });
    await flushPromises();
    router.back();
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/items?light=red'));
    await flushPromises();
    expect(filters.filters.value).toMatchObject({ light: ['red'], page: 1 });
    expect(loads.at(-1)).toMatchObject({ light: 'red', page: 1 });
    router.forward();
    await vi.waitFor(() => expect(router.currentRoute.value.query.page).toBe('2'));
  });

  it('reset clears the filters but keeps the sort order and page size', async () => {
    const { router, filters } = await setup('/items?status=closed&sort=org&order=desc&pageSize=50&page=4');
    await filters.reset();
    expect(router.currentRoute.value.query).toEqual({ sort: 'org', order: 'desc', pageSize: '50' });
  });

  it('leaving the page does not load anything more', async () => {
    const { router, loads } = await setup('/items');
    await router.push('/elsewhere');
    await nextTick();
    expect(loads).toHaveLength(1);
  });
});
