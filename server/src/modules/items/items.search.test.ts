import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SEARCH_COUNT_CAP } from '@rectify/shared';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe('text search totals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const { user } = await t.login('supervisor');
    // More items than the cap share a phrase; a few others share another. Written in one statement: the HTTP
    // path would take minutes for this many.
    await t.db.execute(sql`
      INSERT INTO items (code, org_id, committee_id, source, title, description, search_text, deadline, original_deadline, type, created_by, updated_by)
      SELECT 'S-' || n, ${t.orgs.police}, ${t.orgs.committee}, 'review', '标题' || n, d, d, '2026-12-31', '2026-12-31', 'deadline', ${user.id}, ${user.id}
      FROM generate_series(1, ${SEARCH_COUNT_CAP + 10}) n,
        LATERAL (SELECT CASE WHEN n <= 4 THEN '会议记录不全，' || n ELSE '学习流于形式，' || n END AS d) text
`);
  }, 120_000);
  afterAll(() => t.close());

  const search = async (q: string, extra = '') => {
    const res = await t.as('supervisor')({ method: 'GET', url: `/api/items?q=${encodeURIComponent(q)}${extra}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { code: string }[]; total: number; totalCapped?: boolean };
  };

  it('when a phrase matches more items than the cap, the total is the cap and says so, and its pages still read', async () => {
    const page = await search('学习流于形式');
    expect(page).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true });
    expect(page.items).toHaveLength(20);
    const later = await search('学习流于形式', '&page=3&pageSize=50');
    expect(later.items).toHaveLength(50);
    expect(later.totalCapped).toBe(true);
  });

  it('when a phrase matches fewer, the total is exact and not marked', async () => {
    const page = await search('会议记录不全');
    expect(page.total).toBe(4);
    expect(page.totalCapped).toBeUndefined();
    expect(page.items.map((i) => i.code).sort()).toEqual(['S-1', 'S-2', 'S-3', 'S-4']);
  });

  it('when no text is searched, the total counts every item, past the cap too', async () => {
    const page = await search('', `&orgId=${t.orgs.police}`);
    expect(page.total).toBeGreaterThan(SEARCH_COUNT_CAP);
    expect(page.totalCapped).toBeUndefined();
  });
});
