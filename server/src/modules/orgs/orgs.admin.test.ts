import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';

describe('administering organizations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('when an administrator adds a 党组 and renames it, it keeps its kind and name', async () => {
    const admin = t.as('admin');
    const created = await admin({ method: 'POST', url: '/api/orgs', payload: { parentId: t.orgs.committee, name: '江川市审计局党组', shortName: '审计局', kind: 'party_group', sortOrder: 30 } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'party_group', shortName: '审计局', sortOrder: 30, depth: 1 });
    const renamed = await admin({ method: 'PATCH', url: `/api/orgs/${created.json().id}`, payload: { name: '江川市审计局机关党委', kind: 'party_committee' } });
    expect(renamed.json()).toMatchObject({ name: '江川市审计局机关党委', kind: 'party_committee' });
  });

  it('when counts are asked for, each organization shows its own users, open items and children, and only in scope', async () => {
    const item = await createItem(t, { orgId: t.orgs.traffic });
    const all = (await t.as('admin')({ method: 'GET', url: '/api/orgs/counts' })).json().items as Array<{ id: number; users: number; openItems: number; items: number; children: number }>;
    const byId = new Map(all.map((c) => [c.id, c]));
    const [{ n: policeUsers }] = (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM users WHERE org_id = ${t.orgs.police}`)).rows;
    expect(byId.get(t.orgs.police)).toMatchObject({ users: policeUsers, children: 2 });
    expect(byId.get(t.orgs.traffic)!.openItems).toBeGreaterThanOrEqual(1);
    expect(byId.get(t.orgs.traffic)!.items).toBeGreaterThanOrEqual(byId.get(t.orgs.traffic)!.openItems);
    expect(item.orgId).toBe(t.orgs.traffic);

    const branch = (await t.as('branch')({ method: 'GET', url: '/api/orgs/counts' })).json().items.map((c: { id: number }) => c.id).sort();
    expect(branch).toEqual([t.orgs.police, t.orgs.traffic, t.orgs['police-office']].sort());
    const outside = await t.as('branch')({ method: 'GET', url: `/api/orgs/counts?root=${t.orgs.finance}` });
    expect(outside.statusCode).toBe(404);
  });

  it('when an organization with items, users or children is deleted, it is refused and nothing is removed', async () => {
    const admin = t.as('admin');
    const before = (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM orgs`)).rows[0].n;
    for (const id of [t.orgs.police, t.orgs.traffic]) {
      const res = await admin({ method: 'DELETE', url: `/api/orgs/${id}` });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('orgs.not_empty');
    }
    expect((await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM orgs`)).rows[0].n).toBe(before);
    const empty = (await admin({ method: 'POST', url: '/api/orgs', payload: { parentId: t.orgs.finance, name: '财政局临时党支部', kind: 'branch' } })).json();
    expect((await admin({ method: 'DELETE', url: `/api/orgs/${empty.id}` })).statusCode).toBe(200);
  });
});
