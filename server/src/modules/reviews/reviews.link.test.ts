import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { items } from '../items/items.table.js';
import { users } from '../users/users.table.js';
import { importXlsx, xlsx } from '../ledger-io/ledger-io.test-helpers.js';

/**
 * Naming a review links the item to it, and a linked review shows its title, notes and totals to whoever sees the
 * item: so linking needs the review to be visible to the caller, and one it cannot see answers like one that does
 * not exist.
 */
describe('linking an item to a review', () => {
  let t: TestApp;
  let policeOnly: number;
  const missing = 999_999;
  beforeAll(async () => {
    t = await createTestApp();
    // Held by the whole committee, speaking only of the police committee: finance may not see it.
    const res = await t.as('supervisor')({
      method: 'POST',
      url: '/api/reviews',
      payload: { title: '公安局党委述职评议', kind: 'report_review', heldOn: '2026-01-15', notes: '仅点评公安', comments: [{ orgId: t.orgs.police, text: '一是学习不深入。' }] },
    });
    expect(res.statusCode).toBe(201);
    policeOnly = res.json().id;
    // A supervisor of the finance committee, with the demo password.
    const [{ passwordHash }] = await t.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.username, 'branch2'));
    await t.db.insert(users).values({ username: 'finance.supervisor', displayName: '财政督办', role: 'supervisor', orgId: t.orgs.finance, passwordHash });
  });
  afterAll(() => t.close());

  const itemCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(items))[0].n;
  const createAs = (as: string, orgId: number, reviewId: number) =>
    t.as(as)({ method: 'POST', url: '/api/items', payload: { orgId, source: 'self_inspection', reviewId, description: '支部活动形式单一。', deadline: '2026-12-31', type: 'deadline' } });

  /** The same request for a review the caller cannot see and for one that does not exist: the answers are identical. */
  async function expectLikeMissing(send: (reviewId: number) => Promise<{ statusCode: number; body: string }>) {
    const before = await itemCount();
    const invisible = await send(policeOnly);
    const absent = await send(missing);
    expect(invisible.statusCode).toBe(400);
    expect(JSON.parse(invisible.body).error.code).toBe('items.review_invalid');
    expect(invisible.body.replaceAll(String(policeOnly), 'ID')).toBe(absent.body.replaceAll(String(missing), 'ID'));
    expect(await itemCount()).toBe(before);
  }

  it('when a branch cannot read the review, creating an item that names it answers exactly like a review that does not exist', async () => {
    expect((await t.as('branch2')({ method: 'GET', url: `/api/reviews/${policeOnly}` })).statusCode).toBe(404);
    await expectLikeMissing((id) => createAs('branch2', t.orgs.finance, id));
    expect((await t.as('branch2')({ method: 'GET', url: `/api/reviews/${policeOnly}` })).statusCode).toBe(404);
  });

  it('when a committee below cannot read the review, issuing a common problem that names it answers the same way', async () => {
    const batch = (reviewId: number) =>
      t.as('finance.supervisor')({
        method: 'POST',
        url: '/api/items/batch',
        payload: { orgIds: [t.orgs.finance], source: 'review', reviewId, description: '发展党员程序不规范。', deadline: '2026-12-31', type: 'deadline' },
      } satisfies InjectOptions);
    await expectLikeMissing(batch);
  });

  it('when an import names a review the caller cannot read, it answers the same way and writes nothing', async () => {
    const file = await xlsx({ 台账: [['所属单位', '问题来源', '问题描述', '整改时限', '整改类型'], ['财政', '自身查摆', '支部“三会一课”记录不规范。', '2026-09-30', '限期整改']] });
    await expectLikeMissing((id) => importXlsx(t, 'branch2', file, `?reviewId=${id}`));
  });

  it('when the review speaks of the caller, linking it still works', async () => {
    const res = await createAs('branch', t.orgs.police, policeOnly);
    expect(res.statusCode).toBe(201);
    expect(res.json().reviewId).toBe(policeOnly);
  });
});

describe('the source of an organization’s own item', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('when a branch relabels its self-found item with a source it may not record, it is refused and the row is unchanged', async () => {
    const created = await t.as('branch')({
      method: 'POST',
      url: '/api/items',
      payload: { orgId: t.orgs.police, source: 'self_inspection', description: '谈心谈话不够深入。', deadline: '2026-12-31', type: 'deadline' },
    });
    expect(created.statusCode).toBe(201);
    const { id, version, editableFields } = created.json();
    expect(editableFields).not.toContain('source');
    expect(editableFields).toContain('description');

    const relabel = await t.as('branch')({ method: 'PATCH', url: `/api/items/${id}`, payload: { version, source: 'higher_feedback' } });
    expect(relabel.statusCode).toBe(403);
    expect(relabel.json().error).toMatchObject({ code: 'items.field_not_allowed', details: { fields: ['source'] } });
    const [row] = await t.db.select({ source: items.source, version: items.version }).from(items).where(eq(items.id, id));
    expect(row).toEqual({ source: 'self_inspection', version });

    // The source sent back as it is, with a real change beside it, is no change of source.
    const same = await t.as('branch')({ method: 'PATCH', url: `/api/items/${id}`, payload: { version, source: 'self_inspection', description: '谈心谈话不够深入，覆盖不全。' } });
    expect(same.statusCode).toBe(200);
    expect(same.json().source).toBe('self_inspection');

    // The committee may still correct the source.
    const byCommittee = await t.as('supervisor')({ method: 'PATCH', url: `/api/items/${id}`, payload: { version: same.json().version, source: 'higher_feedback' } });
    expect(byCommittee.statusCode).toBe(200);
    expect(byCommittee.json().source).toBe('higher_feedback');
  });
});
