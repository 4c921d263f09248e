import { describe, expect, it } from 'vitest';
import { listQueryToRoute, parseListQuery } from './list-query';

const spec = { orgId: 'int', status: ['issued', 'replied'], q: 'text' } as const;

describe('a list page’s filters in the address', () => {
  it('reads known filters and ignores what does not fit', () => {
    expect(parseListQuery(spec, { orgId: '7', status: 'replied', q: ' 学习 ', page: '3', pageSize: '50', other: 'x' })).toEqual({ orgId: 7, status: 'replied', q: '学习', page: 3, pageSize: 50 });
    expect(parseListQuery(spec, { orgId: '-1', status: 'lost', page: 'two', pageSize: '13' })).toEqual({ page: 1, pageSize: 20 });
  });

  it('writes only what differs from the defaults, and reads back the same', () => {
    const filters = { status: 'issued' as const, page: 1, pageSize: 20 };
    expect(listQueryToRoute(spec, filters)).toEqual({ status: 'issued' });
    const query = listQueryToRoute(spec, { orgId: 4, q: '三会一课', page: 2, pageSize: 50 });
    expect(query).toEqual({ orgId: '4', q: '三会一课', page: '2', pageSize: '50' });
    expect(parseListQuery(spec, query as Record<string, string>)).toEqual({ orgId: 4, q: '三会一课', page: 2, pageSize: 50 });
  });
});
