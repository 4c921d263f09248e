import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { ListCodec } from '@/composables/useListPage';

/**
 * Filters and paging of a simple list page (reviews, common problems, notices, inbox, audit log) kept in the address, so that a
 * reload, a shared link and back/forward show the same list. Each filter is a whole number, free text or one of
 * a fixed set; anything else in the address is ignored. Defaults stay out of the address.
 */
export type FieldKind = 'int' | 'text' | readonly string[];
export type ListSpec = Record<string, FieldKind>;
type ValueOf<K> = K extends 'int' ? number : K extends 'text' ? string : K extends readonly (infer U)[] ? U : never;
export type ListFilters<S extends ListSpec> = { [K in keyof S]?: ValueOf<S[K]> } & { page: number; pageSize: number };

export const LIST_PAGE_SIZES = [10, 20, 50, 100] as const;

const first = (value: LocationQuery[string]) => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};
const positiveInt = (value: string | undefined) => {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 && n <= 2147483647 ? n : undefined;
};

function parseField(kind: FieldKind, raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  if (kind === 'int') return positiveInt(raw);
  if (kind === 'text') return raw.slice(0, 100);
  return kind.includes(raw) ? raw : undefined;
}

export function parseListQuery<S extends ListSpec>(spec: S, query: LocationQuery, defaultPageSize = 20): ListFilters<S> {
  const filters: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(spec)) {
    const value = parseField(kind, first(query[key]));
    if (value !== undefined) filters[key] = value;
  }
  const pageSize = positiveInt(first(query.pageSize));
  filters.page = positiveInt(first(query.page)) ?? 1;
  filters.pageSize = pageSize && (LIST_PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : defaultPageSize;
  return filters as ListFilters<S>;
}

export function listQueryToRoute<S extends ListSpec>(spec: S, filters: ListFilters<S>, defaultPageSize = 20): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  for (const key of Object.keys(spec)) {
    const value = (filters as Record<string, unknown>)[key];
    if (value !== undefined && value !== null && value !== '') query[key] = String(value);
  }
  if (filters.page > 1) query.page = String(filters.page);
  if (filters.pageSize !== defaultPageSize) query.pageSize = String(filters.pageSize);
  return query;
}

/** The codec of a list whose filters are a spec's fields (see useListPage); a reset keeps the page size. */
export function specCodec<S extends ListSpec>(spec: S, { defaultPageSize = 20 }: { defaultPageSize?: number } = {}): ListCodec<ListFilters<S>> {
  return {
    read: (query) => parseListQuery(spec, query, defaultPageSize),
    write: (filters) => listQueryToRoute(spec, filters, defaultPageSize),
    cleared: (filters) => ({ page: 1, pageSize: filters.pageSize }) as ListFilters<S>,
    count: (filters) => Object.keys(spec).filter((key) => ![undefined, null, ''].includes((filters as Record<string, unknown>)[key] as string)).length,
  };
}
