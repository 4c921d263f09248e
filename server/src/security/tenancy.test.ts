import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { categories } from '../modules/categories/categories.table.js';
import { settings } from '../modules/settings/settings.table.js';
import { users } from '../modules/users/users.table.js';

/**
 * Settings, problem categories and the scheduled jobs apply to every committee: only an administrator of the top
 * committee changes them (and reads the job runs). An administrator of the police committee, below it, reads the
 * settings and categories like everyone and still manages the users of their own subtree.
 */
describe('what applies to every committee', () => {
  let t: TestApp;
  let used: { id: number; name: string };
  beforeAll(async () => {
    t = await createTestApp();
    const [{ passwordHash }] = await t.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.username, 'branch'));
    await t.db.insert(users).values({ username: 'police.admin', displayName: '公安局党委管理员', role: 'admin', orgId: t.orgs.police, passwordHash });
    const created = await t.as('admin')({ method: 'POST', url: '/api/categories', payload: { name: '工委机关作风建设' } });
    expect(created.statusCode).toBe(201);
    used = created.json();
    // The top committee files an item under it: the category is in use above the police committee.
    const item = await t.as('supervisor')({
      method: 'POST',
      url: '/api/items',
      payload: { orgId: t.orgs.committee, source: 'review', categoryId: used.id, description: '工委机关学习不够系统。', deadline: '2026-12-31', type: 'deadline' },
    });
    expect(item.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const sub = (opts: InjectOptions) => t.as('police.admin')(opts);

  it('when a sub-committee administrator changes the settings, it is refused and nothing is stored; they still read them', async () => {
    const res = await sub({ method: 'PUT', url: '/api/settings', payload: { extensionCap: 9, yellowDays: 30 } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
    expect(await t.db.select().from(settings)).toEqual([]);
    const read = await sub({ method: 'GET', url: '/api/settings' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ extensionCap: 2, yellowDays: 7 });
  });

  it('when a sub-committee administrator renames or adds a category, it is refused and the list is unchanged; they still read it', async () => {
    const before = await t.db.select().from(categories);
    const rename = await sub({ method: 'PATCH', url: `/api/categories/${used.id}`, payload: { name: '改掉的类别', active: false } });
    expect(rename.statusCode).toBe(403);
    expect(rename.json().error.code).toBe('auth.forbidden');
    const add = await sub({ method: 'POST', url: '/api/categories', payload: { name: '公安自设类别' } });
    expect(add.statusCode).toBe(403);
    expect(await t.db.select().from(categories)).toEqual(before);
    const read = await sub({ method: 'GET', url: '/api/categories' });
    expect(read.statusCode).toBe(200);
    expect(read.json().items).toContainEqual(expect.objectContaining({ id: used.id, name: '工委机关作风建设', active: true }));
  });

  it('when a sub-committee administrator reads the job runs, it is refused', async () => {
    const res = await sub({ method: 'GET', url: '/api/job-runs' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
  });

  it('tells each administrator what they may do, and the top committee’s administrator does all of it', async () => {
    const own = ['settings.write', 'categories.write', 'jobs.read'];
    const subMe = (await sub({ method: 'GET', url: '/api/auth/me' })).json();
    expect(subMe.permissions).toEqual(expect.arrayContaining(['users.write', 'orgs.write', 'channels.write', 'settings.read', 'categories.read']));
    for (const permission of own) expect(subMe.permissions).not.toContain(permission);
    const topMe = (await t.as('admin')({ method: 'GET', url: '/api/auth/me' })).json();
    expect(topMe.permissions).toEqual(expect.arrayContaining(own));

    expect((await t.as('admin')({ method: 'PUT', url: '/api/settings', payload: { extensionCap: 3 } })).statusCode).toBe(200);
    expect((await t.as('admin')({ method: 'PATCH', url: `/api/categories/${used.id}`, payload: { sortOrder: 5 } })).statusCode).toBe(200);
    expect((await t.as('admin')({ method: 'GET', url: '/api/job-runs' })).statusCode).toBe(200);
  });

  it('when a sub-committee administrator manages the users of their subtree, they may, and nothing above it', async () => {
    expect((await sub({ method: 'GET', url: `/api/users?orgId=${t.orgs.traffic}` })).statusCode).toBe(200);
    expect((await sub({ method: 'GET', url: `/api/users?orgId=${t.orgs.committee}` })).statusCode).toBe(404);
  });
});
