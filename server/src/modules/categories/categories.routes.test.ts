import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';

describe('categories and settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('when anyone lists categories, the demo defaults come in their order', async () => {
    const res = await t.as('viewer')({ method: 'GET', url: '/api/categories' });
    expect(res.json().items.slice(0, 3).map((c: { name: string }) => c.name)).toEqual(['政治建设', '理论学习', '组织建设']);
  });

  it('when an admin adds, renames and deactivates a category, items can no longer use it once inactive', async () => {
    const created = await t.as('admin')({ method: 'POST', url: '/api/categories', payload: { name: '意识形态工作', sortOrder: 50 } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await t.as('admin')({ method: 'POST', url: '/api/categories', payload: { name: '意识形态工作' } })).json().error.code).toBe('categories.name_taken');
    expect((await createItem(t, { categoryId: id })).categoryName).toBe('意识形态工作');
    await t.as('admin')({ method: 'PATCH', url: `/api/categories/${id}`, payload: { active: false } });
    const refused = await t.as('supervisor')({ method: 'POST', url: '/api/items', payload: { orgId: t.orgs.police, source: 'review', description: 'x', deadline: '2026-12-31', type: 'deadline', categoryId: id } });
    expect(refused.json().error.code).toBe('items.category_invalid');
    expect((await t.as('admin')({ method: 'PATCH', url: '/api/categories/99999', payload: { active: false } })).statusCode).toBe(404);
  });

  it('when a non-admin tries to change categories or settings, it is refused', async () => {
    for (const as of ['supervisor', 'branch', 'viewer']) {
      expect((await t.as(as)({ method: 'POST', url: '/api/categories', payload: { name: 'x' } })).statusCode).toBe(403);
      expect((await t.as(as)({ method: 'PUT', url: '/api/settings', payload: { yellowDays: 1 } })).statusCode).toBe(403);
    }
  });

  it('when the admin changes the yellow window, lights follow at once', async () => {
    const soon = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
    const item = await createItem(t, { deadline: soon });
    expect(item.light).toBe('green');
    const res = await t.as('admin')({ method: 'PUT', url: '/api/settings', payload: { yellowDays: 15 } });
    expect(res.json()).toMatchObject({ yellowDays: 15, extensionCap: 2, reminderDays: 3, auditRetentionMonths: 36, acknowledgeDays: 3 });
    expect((await t.as('supervisor')({ method: 'GET', url: `/api/items/${item.id}` })).json().light).toBe('yellow');
    await t.as('admin')({ method: 'PUT', url: '/api/settings', payload: { yellowDays: 7 } });
  });
});
