import { computed, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { ItemListQuery } from '@rectify/shared';
import { emptyFilters, filtersFromQuery, filtersToApi, filtersToQuery, type ItemFilters } from '@/utils/item-query';

/**
 * The ledger's filters, kept in the address: a reload, a shared link, back and forward all show the same list.
 * Every change is a new history entry; changing a filter goes back to the first page.
 */
export function useItemFilters() {
  const route = useRoute();
  const router = useRouter();
  const ownRoute = route.name;

  const filters = computed(() => filtersFromQuery(route.query));
  const apiQuery = computed(() => filtersToApi(filters.value));

  function update(changes: Partial<ItemFilters>) {
    const next = { ...filters.value, ...changes };
    if (!('page' in changes)) next.page = 1;
    return router.push({ query: filtersToQuery(next) });
  }

  /** Clears the filters; the sort order and page size stay as the user chose them. */
  function reset() {
    const { sort, order, pageSize } = filters.value;
    return router.push({ query: filtersToQuery({ ...emptyFilters(), sort, order, pageSize }) });
  }

  /**
   * Runs `load` now and whenever the filters change while this page is the current one (leaving the page changes
   * the route before the page is gone, and must not load anything).
   */
  function onFiltersChange(load: (query: ItemListQuery, filters: ItemFilters) => unknown) {
    watch(
      () => (route.name === ownRoute ? JSON.stringify(apiQuery.value) : null),
      (key, previous) => {
        if (key !== null && key !== previous) void load(apiQuery.value, filters.value);
      },
      { immediate: true },
    );
  }

  return { filters, apiQuery, update, reset, onFiltersChange };
}
