import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe('organizations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const names = (res: { json(): { items: { name: string }[] } }) => res.json().items.map((o) => o.name);

  it('when a branch lists organizations, it sees its own and everything below, nothing else', async () => {
    const res = await t.as('branch')({ method: 'GET', url: '/api/orgs' });
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((o: { id: number }) => o.id).sort();
    expect(ids).toEqual([t.orgs.police, t.orgs.traffic, t.orgs['police-office']].sort());
  });

  it('when a branch reads a sibling, the parent or a stranger, it answers 404', async () => {
    for (const id of [t.orgs.finance, t.orgs.committee, t.orgs.crops]) {
      const res = await t.as('branch')({ method: 'GET', url: `/api/orgs/${id}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('orgs.not_found');
    }
    expect((await t.as('branch')({ method: 'GET', url: `/api/orgs/${t.orgs.traffic}` })).statusCode).toBe(200);
  });

  it('when a subtree is moved, subtree queries follow it at every level', async () => {
    const admin = t.as('admin');
    const a = (await admin({ method: 'POST', url: '/api/orgs', payload: { parentId: t.orgs.health, name: '卫健委第一党支部', kind: 'branch' } })).json();
    const b = (await admin({ method: 'POST', url: '/api/orgs', payload: { parentId: a.id, name: '卫健委第一党支部第一党小组', kind: 'branch' } })).json();
    expect(b.depth).toBe(3);

    const move = await admin({ method: 'PATCH', url: `/api/orgs/${a.id}`, payload: { parentId: t.orgs.crops } });
    expect(move.statusCode).toBe(200);
    expect(move.json().parentId).toBe(t.orgs.crops);

    const underAgri = names(await admin({ method: 'GET', url: `/api/orgs?root=${t.orgs.agri}` }));
    expect(underAgri).toEqual(expect.arrayContaining(['卫健委第一党支部', '卫健委第一党支部第一党小组']));
    const underHealth = names(await admin({ method: 'GET', url: `/api/orgs?root=${t.orgs.health}` }));
    expect(underHealth).toEqual(['江川市卫生健康委员会机关党委']);
    const moved = (await admin({ method: 'GET', url: `/api/orgs/${b.id}` })).json();
    expect(moved.depth).toBe(4);

    // The stored paths agree with the parent links for every node.
    const broken = await t.db.execute(sql`
      SELECT c.id FROM orgs c JOIN orgs p ON p.id = c.parent_id
      WHERE c.path <> p.path || c.id || '/' OR c.depth <> p.depth + 1`);
    expect(broken.rows).toEqual([]);
  });

  it('when the organization a signed-in user belongs to moves, their next request already uses the new scope', async () => {
    const before = await t.as('branch')({ method: 'GET', url: '/api/orgs' });
    expect(before.json().items).toHaveLength(3);
    const admin = t.as('admin');
    expect((await admin({ method: 'PATCH', url: `/api/orgs/${t.orgs.police}`, payload: { parentId: t.orgs.agri } })).statusCode).toBe(200);
    const after = await t.as('branch')({ method: 'GET', url: '/api/orgs' });
    expect(after.json().items.map((o: { id: number }) => o.id).sort()).toEqual([t.orgs.police, t.orgs.traffic, t.orgs['police-office']].sort());
    expect((await t.as('branch')({ method: 'GET', url: `/api/orgs/${t.orgs.police}` })).statusCode).toBe(200);
    await admin({ method: 'PATCH', url: `/api/orgs/${t.orgs.police}`, payload: { parentId: t.orgs.committee } });
  });

  it('when a node would move under itself or its descendant, it answers 409 and nothing changes', async () => {
    const admin = t.as('admin');
    const res = await admin({ method: 'PATCH', url: `/api/orgs/${t.orgs.agri}`, payload: { parentId: t.orgs.crops } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('orgs.invalid_parent');
    expect((await admin({ method: 'GET', url: `/api/orgs/${t.orgs.agri}` })).json().parentId).toBe(t.orgs.committee);
  });

  it('when the top of the tree would be moved or deleted, it answers 409', async () => {
    const admin = t.as('admin');
    expect((await admin({ method: 'DELETE', url: `/api/orgs/${t.orgs.committee}` })).json().error.code).toBe('orgs.root_immutable');
  });

  it('when an organization still has children or users, deleting it answers 409 orgs.not_empty', async () => {
    const admin = t.as('admin');
    expect((await admin({ method: 'DELETE', url: `/api/orgs/${t.orgs.police}` })).json().error.code).toBe('orgs.not_empty');
    expect((await admin({ method: 'DELETE', url: `/api/orgs/${t.orgs.finance}` })).json().error.code).toBe('orgs.not_empty');
    const leaf = (await admin({ method: 'POST', url: '/api/orgs', payload: { parentId: t.orgs.archives, name: '临时党小组', kind: 'branch' } })).json();
    expect((await admin({ method: 'DELETE', url: `/api/orgs/${leaf.id}` })).statusCode).toBe(200);
    expect((await admin({ method: 'GET', url: `/api/orgs/${leaf.id}` })).statusCode).toBe(404);
  });

  it('when two siblings would share a name, it answers 409 orgs.name_taken', async () => {
    const res = await t.as('admin')({ method: 'POST', url: '/api/orgs', payload: { parentId: t.orgs.committee, name: '江川市财政局机关党委', kind: 'party_committee' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('orgs.name_taken');
  });

  it.each(['supervisor', 'branch', 'viewer'])('when %s tries to change the tree, it is refused with 403', async (username) => {
    const res = await t.as(username)({ method: 'POST', url: '/api/orgs', payload: { parentId: t.orgs.committee, name: 'X', kind: 'branch' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
  });
});
