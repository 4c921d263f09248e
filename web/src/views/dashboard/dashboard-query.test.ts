import { describe, expect, it } from 'vitest';
import { dashboardFiltersFromQuery, dashboardFiltersToApi, dashboardFiltersToQuery, itemsLink } from './dashboard-query';

describe('the dashboard filters in the address', () => {
  it('reads an organization and an issue period, and writes back only what is set', () => {
    const filters = dashboardFiltersFromQuery({ orgId: '3', from: '2026-01-01', to: '2026-06-30' });
    expect(filters).toEqual({ orgId: 3, from: '2026-01-01', to: '2026-06-30' });
    expect(dashboardFiltersToQuery(filters)).toEqual({ orgId: '3', from: '2026-01-01', to: '2026-06-30' });
    expect(dashboardFiltersToQuery({})).toEqual({});
    expect(dashboardFiltersToApi({ orgId: 3 })).toEqual({ orgId: 3 });
  });

  it('drops what the API would refuse: malformed or impossible days, an end before the start, a bad id', () => {
    expect(dashboardFiltersFromQuery({ orgId: '-1', from: '2026-02-30', to: 'June' })).toEqual({ orgId: undefined, from: undefined, to: undefined });
    expect(dashboardFiltersFromQuery({ from: '2026-06-01', to: '2026-05-31' })).toEqual({ orgId: undefined, from: '2026-06-01', to: undefined });
  });
});

describe('links from a figure to the ledger list', () => {
  it('writes the list filters as the list reads them, with the dashboard organization', () => {
    expect(itemsLink({}, { light: ['red'] })).toEqual({ name: 'items', query: { light: 'red' } });
    expect(itemsLink({ orgId: 5, from: '2026-01-01' }, { light: ['green', 'yellow'] })).toEqual({ name: 'items', query: { orgId: '5', light: 'green,yellow' } });
    expect(itemsLink({}, { awaiting: 'closure', sort: 'updatedAt' })).toEqual({ name: 'items', query: { awaiting: 'closure', sort: 'updatedAt' } });
  });
});
