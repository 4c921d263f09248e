import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { users } from './users.table.js';

describe('users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('when an admin creates a user, the password is stored as an argon2id hash and the user can log in', async () => {
    const res = await t.as('admin')({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'zhang.san', displayName: '张三', password: 'Strong2026', role: 'branch', orgId: t.orgs.traffic },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'zhang.san', orgName: '市公安局交通警察支队党支部', disabled: false });
    expect(res.body).not.toContain('password');
    const [row] = await t.db.select().from(users).where(eq(users.username, 'zhang.san'));
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await t.login('zhang.san', 'Strong2026')).user.orgId).toBe(t.orgs.traffic);
  });

  it('when the username is taken, it answers 409', async () => {
    const res = await t.as('admin')({ method: 'POST', url: '/api/users', payload: { username: 'branch', displayName: 'x', password: 'Strong2026', role: 'branch', orgId: t.orgs.finance } });
    expect(res.json().error.code).toBe('users.username_taken');
  });

  it('when a body sets a field the API does not know (such as tokenVersion), it answers 400 and writes nothing', async () => {
    const res = await t.as('admin')({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'sneaky', displayName: 'x', password: 'Strong2026', role: 'branch', orgId: t.orgs.finance, tokenVersion: 7 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'common.validation', details: { field: 'body.tokenVersion' } });
    expect(await t.db.select().from(users).where(eq(users.username, 'sneaky'))).toEqual([]);
  });

  it('when the list is paged, it answers a page and the total', async () => {
    const res = await t.as('admin')({ method: 'GET', url: '/api/users?page=1&pageSize=2' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(2);
    expect(res.json().total).toBeGreaterThanOrEqual(5);
  });

  it('when an admin of a sub-organization manages users, users outside that subtree do not exist for them', async () => {
    await t.as('admin')({ method: 'POST', url: '/api/users', payload: { username: 'police-admin', displayName: '公安管理员', password: 'Strong2026', role: 'admin', orgId: t.orgs.police } });
    // As if the password the administrator chose had been changed already.
    await t.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, 'police-admin'));
    const policeAdmin = t.as('police-admin', 'Strong2026');
    const list = (await policeAdmin({ method: 'GET', url: '/api/users?pageSize=200' })).json();
    expect(list.items.map((u: { username: string }) => u.username)).not.toContain('branch2');
    const branch2 = (await t.login('branch2')).user.id;
    expect((await policeAdmin({ method: 'GET', url: `/api/users/${branch2}` })).statusCode).toBe(404);
    expect((await policeAdmin({ method: 'PATCH', url: `/api/users/${branch2}`, payload: { disabled: true } })).statusCode).toBe(404);
    const intoSibling = await policeAdmin({ method: 'POST', url: '/api/users', payload: { username: 'x1', displayName: 'x', password: 'Strong2026', role: 'branch', orgId: t.orgs.finance } });
    expect(intoSibling.statusCode).toBe(404);
  });

  it('when a non-admin calls the users API, it is refused', async () => {
    for (const u of ['supervisor', 'branch', 'viewer']) expect((await t.as(u)({ method: 'GET', url: '/api/users' })).statusCode).toBe(403);
  });
});
