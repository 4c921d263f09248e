import type { LocationQuery, LocationQueryRaw, RouteLocationRaw } from 'vue-router';
import type { DashboardQuery } from '@rectify/shared';
import { emptyFilters, filtersToQuery, type ItemFilters } from '@/utils/item-query';

/** The dashboard's own filters, kept in the address of the home page: an organization and an issue period. */
export interface DashboardFilters {
  orgId?: number;
  from?: string;
  to?: string;
}

const first = (value: LocationQuery[string]) => (Array.isArray(value) ? value[0] : value) ?? undefined;

function positiveInt(value: LocationQuery[string]): number | undefined {
  const n = Number(first(value));
  return Number.isInteger(n) && n > 0 && n <= 2147483647 ? n : undefined;
}

function day(value: LocationQuery[string]): string | undefined {
  const v = first(value);
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  // Date.parse accepts 2026-02-30; the round trip does not.
  const parsed = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === v ? v : undefined;
}

/** Reads the filters from the address; a malformed value, or an end before the start, is dropped. */
export function dashboardFiltersFromQuery(query: LocationQuery): DashboardFilters {
  const from = day(query.from);
  const to = day(query.to);
  return { orgId: positiveInt(query.orgId), from, to: from && to && to < from ? undefined : to };
}

export function dashboardFiltersToQuery(filters: DashboardFilters): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  if (filters.orgId) query.orgId = String(filters.orgId);
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  return query;
}

export function dashboardFiltersToApi(filters: DashboardFilters): DashboardQuery {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as DashboardQuery;
}

/**
 * The ledger list behind a figure: the dashboard's organization plus the figure's own filter, written as the
 * list writes its address. The list filters by deadline, not by issue date, so a period is not carried over.
 */
export function itemsLink(filters: DashboardFilters, narrow: Partial<ItemFilters> = {}): RouteLocationRaw {
  return { name: 'items', query: filtersToQuery({ ...emptyFilters(), orgId: filters.orgId, ...narrow }) };
}
