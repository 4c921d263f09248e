import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SEARCH_COUNT_CAP } from '@rectify/shared';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from './items.test-helpers.js';

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

describe('the text index, kept in item_search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const codes = async (q: string) => {
    const res = await t.as('supervisor')({ method: 'GET', url: `/api/items?q=${encodeURIComponent(q)}` });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { code: string }[] }).items.map((i) => i.code);
  };
  const indexed = async (id: number) =>
    (await t.db.execute<{ text: string; xmin: string }>(sql`SELECT search_text AS text, xmin::text AS xmin FROM item_search WHERE item_id = ${id}`)).rows[0];

  it('when an item is created, its text is found; when its text is edited, the new text is found and the old is not', async () => {
    const item = await createItem(t, { description: '党费收缴台账缺失' });
    expect(await codes('党费收缴台账')).toEqual([item.code]);
    const res = await t.as('supervisor')({
      method: 'PATCH',
      url: `/api/items/${item.id}`,
      payload: { version: 1, title: '主题党日活动记录简单', description: '主题党日活动记录简单', measures: [{ content: '补齐支部活动影像资料' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await codes('党费收缴台账')).toEqual([]);
    expect(await codes('主题党日活动')).toEqual([item.code]);
    expect(await codes('活动影像资料')).toEqual([item.code]);
    const [row] = (await t.db.execute<{ text: string }>(sql`SELECT search_text AS text FROM items WHERE id = ${item.id}`)).rows;
    expect((await indexed(item.id)).text).toBe(row.text);
  });

  it('when an update leaves the text as it was (a moved deadline, a step), the index row is not written', async () => {
    const item = await createItem(t, { description: '谈心谈话流于形式' });
    const before = await indexed(item.id);
    await t.db.execute(sql`UPDATE items SET deadline = deadline + 1, remarks = '日历调整' WHERE id = ${item.id}`);
    await t.db.execute(sql`UPDATE items SET search_text = search_text WHERE id = ${item.id}`);
    expect(await indexed(item.id)).toEqual(before);
  });

  it('holds a row for every item, inserted one at a time or many in one statement, and loses it with its item', async () => {
    const { user } = await t.login('supervisor');
    await t.db.execute(sql`
      INSERT INTO items (code, org_id, committee_id, source, title, description, search_text, deadline, original_deadline, type, created_by, updated_by)
      SELECT 'M-' || n, ${t.orgs.police}, ${t.orgs.committee}, 'review', '标题', '批量' || n, '批量' || n, '2026-12-31', '2026-12-31', 'deadline', ${user.id}, ${user.id}
      FROM generate_series(1, 30) n`);
    const mismatch = sql`SELECT count(*)::int AS n FROM items i FULL JOIN item_search s ON s.item_id = i.id WHERE s.search_text IS DISTINCT FROM i.search_text`;
    expect((await t.db.execute<{ n: number }>(mismatch)).rows[0].n).toBe(0);
    expect((await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM item_search s JOIN items i ON i.id = s.item_id WHERE i.code LIKE 'M-%'`)).rows[0].n).toBe(30);
    await t.db.execute(sql`DELETE FROM items WHERE code = 'M-7'`);
    expect((await t.db.execute<{ n: number }>(mismatch)).rows[0].n).toBe(0);
  });
});
