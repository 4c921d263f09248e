import { computed, ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router';
import { errorMessage } from './useRequest';

export interface Paged {
  page: number;
  pageSize: number;
}

/** How a list's filters, sort and page live in the address. */
export interface ListCodec<F extends Paged> {
  /** The filters in an address; anything malformed is dropped. */
  read: (query: LocationQuery) => F;
  /** The address of these filters, defaults left out so that the plain list has a plain address. */
  write: (filters: F) => LocationQueryRaw;
  /** The filters with nothing narrowing the list: what a reset leaves (the sort and page size stay, say). */
  cleared: (filters: F) => F;
  /** How many filters narrow the list; sorting and paging are not filters. */
  count: (filters: F) => number;
}

export interface ListAnswer<T> {
  rows: T[];
  total: number;
}

/**
 * A list page: its filters, sort and page kept in the address (a reload, a shared link, back and forward show the
 * same list), the page of rows loaded on arrival and whenever they change, with loading, error and empty states.
 * Any change but paging itself goes back to the first page. Only the latest request's answer is shown; an earlier
 * one still running is cancelled.
 */
export function useListPage<F extends Paged, T, X extends object = object>(options: {
  codec: ListCodec<F>;
  /** A page of rows and their total; whatever else it answers (`X`) stays in `answer`. */
  fetch: (filters: F, signal: AbortSignal) => Promise<ListAnswer<T> & X>;
}) {
  const { codec, fetch } = options;
  const route = useRoute();
  const router = useRouter();
  const ownRoute = route.name;

  const filters = computed(() => codec.read(route.query));
  const answer = shallowRef<ListAnswer<T> & X>();
  const loading = ref(false);
  const error = ref<string | null>(null);
  let controller: AbortController | null = null;

  async function reload() {
    controller?.abort();
    const own = (controller = new AbortController());
    loading.value = true;
    error.value = null;
    try {
      const result = await fetch(filters.value, own.signal);
      if (!own.signal.aborted) answer.value = result;
    } catch (err) {
      if (!own.signal.aborted) error.value = errorMessage(err);
    } finally {
      if (!own.signal.aborted) loading.value = false;
    }
  }

  // While the router leaves the page the address changes under it: that must not load anything.
  watch(
    () => (route.name === ownRoute ? JSON.stringify(codec.write(filters.value)) : null),
    (key, previous) => {
      if (key !== null && key !== previous) void reload();
    },
    { immediate: true },
  );

  function update(changes: Partial<F>) {
    const next = { ...filters.value, ...changes };
    if (!('page' in changes)) next.page = 1;
    return router.push({ query: codec.write(next) });
  }

  function reset() {
    return router.push({ query: codec.write(codec.cleared(filters.value)) });
  }

  const rows = computed<T[]>(() => answer.value?.rows ?? []);
  const total = computed(() => answer.value?.total ?? 0);
  const filtered = computed(() => codec.count(filters.value) > 0);
  /** The number of rows before this page, for a 序号 that runs on across pages. */
  const offset = computed(() => (filters.value.page - 1) * filters.value.pageSize);

  return { filters, update, reset, reload, answer, rows, total, loading, error, filtered, offset };
}

export type ListPage<F extends Paged = Paged, T = unknown> = ReturnType<typeof useListPage<F, T>>;

/** A search box's text: what the user types, set again from the address when that changes (back, a reset). */
export function useSearchText(current: () => string | undefined) {
  const text = ref(current() ?? '');
  watch(current, (value) => (text.value = value ?? ''));
  return text;
}

/** An API page (`items` and `total`) as the rows useListPage shows. */
export const asRows = <T>({ items, total }: { items: T[]; total: number }): ListAnswer<T> => ({ rows: items, total });
