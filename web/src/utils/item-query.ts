import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { ListCodec } from '@/composables/useListPage';
import {
  itemSortKeys,
  itemSources,
  itemStatuses,
  itemTypes,
  lights,
  reviewLevels,
  type ItemListQuery,
  type ItemSource,
  type ItemStatus,
  type ItemType,
  type Light,
  type ReviewLevel,
} from '@rectify/shared';

export type ItemSortKey = (typeof itemSortKeys)[number];
export const ITEM_PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
/** Open items by deadline, then the closed and cancelled ones (the server's default too). */
export const DEFAULT_SORT: ItemSortKey = 'urgency';
/** Requests waiting for the committee's decision: 销号申请 or 延期申请. */
export const awaitingKinds = ['closure', 'extension'] as const;
export type AwaitingKind = (typeof awaitingKinds)[number];

/** The ledger list's filters as the page holds them: lists as arrays, everything else optional. */
export interface ItemFilters {
  orgId?: number;
  status: ItemStatus[];
  light: Light[];
  overdue?: boolean;
  categoryId?: number;
  source?: ItemSource;
  type?: ItemType;
  reviewId?: number;
  commonProblemId?: number;
  awaiting?: AwaitingKind;
  /** Requests waiting at this review level (本单位审核 / 党委初审 / 工委终审). */
  reviewLevel?: ReviewLevel;
  responsible?: string;
  deadlineFrom?: string;
  deadlineTo?: string;
  q?: string;
  sort: ItemSortKey;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export const emptyFilters = (): ItemFilters => ({ status: [], light: [], sort: DEFAULT_SORT, order: 'asc', page: 1, pageSize: DEFAULT_PAGE_SIZE });

const first = (value: LocationQuery[string]): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};
const positiveInt = (value: LocationQuery[string]) => {
  const n = Number(first(value));
  return Number.isInteger(n) && n > 0 && n <= 2147483647 ? n : undefined;
};
const oneOf = <T extends string>(value: LocationQuery[string], allowed: readonly T[]) => {
  const v = first(value);
  return v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
};
const listOf = <T extends string>(value: LocationQuery[string], allowed: readonly T[]): T[] => {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : []));
  // Kept in the canonical order so that the same filter always reads as the same address.
  return allowed.filter((a) => parts.includes(a));
};
const date = (value: LocationQuery[string]) => {
  const v = first(value);
  return v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined;
};
const text = (value: LocationQuery[string], max: number) => first(value)?.slice(0, max);

/** Reads the filters from the address; anything malformed is dropped rather than sent to the API. */
export function filtersFromQuery(query: LocationQuery): ItemFilters {
  const pageSize = positiveInt(query.pageSize);
  const overdue = first(query.overdue);
  return {
    orgId: positiveInt(query.orgId),
    status: listOf(query.status, itemStatuses),
    light: listOf(query.light, lights),
    overdue: overdue === 'true' ? true : overdue === 'false' ? false : undefined,
    categoryId: positiveInt(query.categoryId),
    source: oneOf(query.source, itemSources),
    type: oneOf(query.type, itemTypes),
    reviewId: positiveInt(query.reviewId),
    commonProblemId: positiveInt(query.commonProblemId),
    awaiting: oneOf(query.awaiting, awaitingKinds),
    reviewLevel: oneOf(query.reviewLevel, reviewLevels),
    responsible: text(query.responsible, 64),
    deadlineFrom: date(query.deadlineFrom),
    deadlineTo: date(query.deadlineTo),
    q: text(query.q, 100),
    sort: oneOf(query.sort, itemSortKeys) ?? DEFAULT_SORT,
    order: first(query.order) === 'desc' ? 'desc' : 'asc',
    page: Math.min(positiveInt(query.page) ?? 1, 100000),
    pageSize: pageSize && (ITEM_PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

/** The address for these filters: only what differs from the defaults, so a plain list has a plain address. */
export function filtersToQuery(filters: ItemFilters): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  const set = (key: string, value: string | number | boolean | undefined) => {
    if (value !== undefined && value !== '') query[key] = String(value);
  };
  set('orgId', filters.orgId);
  if (filters.status.length) query.status = itemStatuses.filter((s) => filters.status.includes(s)).join(',');
  if (filters.light.length) query.light = lights.filter((l) => filters.light.includes(l)).join(',');
  set('overdue', filters.overdue);
  set('categoryId', filters.categoryId);
  set('source', filters.source);
  set('type', filters.type);
  set('reviewId', filters.reviewId);
  set('commonProblemId', filters.commonProblemId);
  set('awaiting', filters.awaiting);
  set('reviewLevel', filters.reviewLevel);
  set('responsible', filters.responsible?.trim());
  set('deadlineFrom', filters.deadlineFrom);
  set('deadlineTo', filters.deadlineTo);
  set('q', filters.q?.trim());
  if (filters.sort !== DEFAULT_SORT) query.sort = filters.sort;
  if (filters.order !== 'asc') query.order = filters.order;
  if (filters.page !== 1) query.page = String(filters.page);
  if (filters.pageSize !== DEFAULT_PAGE_SIZE) query.pageSize = String(filters.pageSize);
  return query;
}

/** The same filters as GET /api/items takes them (also what an export with the current filters sends). */
export function filtersToApi(filters: ItemFilters, overrides: Partial<ItemListQuery> = {}): ItemListQuery {
  const query: ItemListQuery = {
    orgId: filters.orgId,
    status: filters.status.length ? filters.status.join(',') : undefined,
    light: filters.light.length ? filters.light.join(',') : undefined,
    overdue: filters.overdue,
    categoryId: filters.categoryId,
    source: filters.source,
    type: filters.type,
    reviewId: filters.reviewId,
    commonProblemId: filters.commonProblemId,
    awaiting: filters.awaiting,
    reviewLevel: filters.reviewLevel,
    responsible: filters.responsible?.trim() || undefined,
    deadlineFrom: filters.deadlineFrom,
    deadlineTo: filters.deadlineTo,
    q: filters.q?.trim() || undefined,
    sort: filters.sort,
    order: filters.order,
    page: filters.page,
    pageSize: filters.pageSize,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as ItemListQuery;
}

/** How many filters narrow the list (sorting and paging are not filters). */
export function activeFilterCount(filters: ItemFilters): number {
  const keys = ['orgId', 'overdue', 'categoryId', 'source', 'type', 'reviewId', 'commonProblemId', 'awaiting', 'reviewLevel', 'responsible', 'q'] as const;
  return (
    keys.filter((k) => filters[k] !== undefined && filters[k] !== '').length +
    (filters.status.length ? 1 : 0) +
    (filters.light.length ? 1 : 0) +
    (filters.deadlineFrom || filters.deadlineTo ? 1 : 0)
  );
}

/** The ledger's filters in the address (see useListPage): a reset keeps the sort order and page size. */
export const itemCodec: ListCodec<ItemFilters> = {
  read: filtersFromQuery,
  write: filtersToQuery,
  cleared: ({ sort, order, pageSize }) => ({ ...emptyFilters(), sort, order, pageSize }),
  count: activeFilterCount,
};
