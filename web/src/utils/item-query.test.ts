import { describe, expect, it } from 'vitest';
import { activeFilterCount, emptyFilters, filtersFromQuery, filtersToApi, filtersToQuery } from './item-query';

describe('ledger filters in the address', () => {
  it('reads every filter the API takes from the query string', () => {
    const filters = filtersFromQuery({
      orgId: '3',
      status: 'in_progress,issued',
      light: 'red',
      overdue: 'true',
      categoryId: '2',
      source: 'review',
      type: 'deadline',
      reviewId: '1',
      responsible: '张明',
      deadlineFrom: '2026-01-01',
      deadlineTo: '2026-06-30',
      q: '三会一课',
      sort: 'org',
      order: 'desc',
      page: '3',
      pageSize: '50',
    });
    expect(filters).toEqual({
      orgId: 3,
      status: ['issued', 'in_progress'],
      light: ['red'],
      overdue: true,
      categoryId: 2,
      source: 'review',
      type: 'deadline',
      reviewId: 1,
      commonProblemId: undefined,
      responsible: '张明',
      deadlineFrom: '2026-01-01',
      deadlineTo: '2026-06-30',
      q: '三会一课',
      sort: 'org',
      order: 'desc',
      page: 3,
      pageSize: 50,
    });
  });

  it('drops what is malformed instead of sending it to the API', () => {
    const filters = filtersFromQuery({ orgId: 'x', status: 'open,closed', light: 'blue', source: 'rumour', deadlineFrom: '31/12/2026', sort: 'title', page: '-2', pageSize: '7', overdue: 'maybe' });
    expect(filters).toEqual({ ...emptyFilters(), status: ['closed'], orgId: undefined, overdue: undefined, source: undefined, deadlineFrom: undefined, categoryId: undefined, type: undefined, reviewId: undefined, commonProblemId: undefined, responsible: undefined, deadlineTo: undefined, q: undefined });
  });

  it('writes only what differs from the defaults, so the plain list has a plain address', () => {
    expect(filtersToQuery(emptyFilters())).toEqual({});
    expect(filtersToQuery({ ...emptyFilters(), light: ['red', 'yellow'], q: '  学习 ', page: 2 })).toEqual({ light: 'yellow,red', q: '学习', page: '2' });
  });

  it('gives back the same filters after a round trip through the address', () => {
    const filters = { ...emptyFilters(), orgId: 5, status: ['closure_requested' as const], overdue: false, deadlineTo: '2026-12-31', sort: 'updatedAt' as const, order: 'desc' as const, pageSize: 100 };
    const query = filtersToQuery(filters) as Record<string, string>;
    expect(filtersFromQuery(query)).toMatchObject(filters);
  });

  it('keeps a request waiting for the committee (awaiting) through the address, the API query and a reload', () => {
    const filters = filtersFromQuery({ awaiting: 'closure', orgId: '4' });
    expect(filters).toMatchObject({ awaiting: 'closure', orgId: 4 });
    expect(filtersToQuery(filters)).toEqual({ awaiting: 'closure', orgId: '4' });
    expect(filtersToApi(filters)).toMatchObject({ awaiting: 'closure', orgId: 4 });
    expect(filtersFromQuery(filtersToQuery(filters) as Record<string, string>)).toEqual(filters);
    expect(activeFilterCount(filtersFromQuery({ awaiting: 'extension' }))).toBe(1);
    expect(filtersFromQuery({ awaiting: 'approval' }).awaiting).toBeUndefined();
    expect(filtersToApi(emptyFilters())).not.toHaveProperty('awaiting');
  });

  it('keeps the review level a request waits at through the address, the API query and a reload', () => {
    const filters = filtersFromQuery({ reviewLevel: 'party', awaiting: 'closure' });
    expect(filtersToQuery(filters)).toEqual({ awaiting: 'closure', reviewLevel: 'party' });
    expect(filtersToApi(filters)).toMatchObject({ awaiting: 'closure', reviewLevel: 'party' });
    expect(filtersFromQuery(filtersToQuery(filters) as Record<string, string>)).toEqual(filters);
    expect(activeFilterCount(filters)).toBe(2);
    expect(filtersFromQuery({ reviewLevel: 'province' }).reviewLevel).toBeUndefined();
  });

  it('turns the filters into the API query, lists joined by commas', () => {
    expect(filtersToApi({ ...emptyFilters(), status: ['issued', 'in_progress'], light: [], q: ' ' })).toEqual({ status: 'issued,in_progress', sort: 'urgency', order: 'asc', page: 1, pageSize: 20 });
    expect(filtersToApi(emptyFilters(), { sort: 'org', pageSize: 100 })).toMatchObject({ sort: 'org', pageSize: 100 });
  });
});
