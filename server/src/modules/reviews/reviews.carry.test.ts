import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { itemHistory, items } from '../items/items.table.js';
import { reviewItems } from './reviews.carry.table.js';
import { closeItem, createReview } from './reviews.test-helpers.js';

const clock = fixedClock('2027-01-20T02:00:00Z');

interface Earlier {
  id: number;
  code: string;
  status: string;
  carried: boolean;
  reviewId: number;
  overdue: boolean;
  closedOn: string | null;
}

describe('述前述后: a later review answers for the problems of earlier ones', () => {
  let t: TestApp;
  let first: { id: number };
  let second: { id: number };
  let open: { id: number; code: string };
  let late: { id: number; code: string };
  let done: { id: number; code: string };
  beforeAll(async () => {
    t = await createTestApp({ clock });
    first = await createReview(t, { title: '2025年度述职评议', kind: 'report_review', heldOn: '2025-01-15' });
    open = await createItem(t, { reviewId: first.id, description: '三会一课记录不规范。', deadline: '2027-06-30' });
    late = await createItem(t, { reviewId: first.id, description: '发展党员程序不够严谨。', deadline: '2026-12-31' });
    done = await createItem(t, { reviewId: first.id, description: '支部活动形式单一。', deadline: '2026-12-31' });
    await closeItem(t, done.id);
    second = await createReview(t, { title: '2026年度述职评议', kind: 'report_review', heldOn: '2027-01-18', comments: [{ orgId: t.orgs.police, text: '一是学习不够深入。' }] });
  });
  afterAll(() => t.close());

  const earlier = async (as: string, reviewId = second.id, orgId = t.orgs.police) => t.as(as)({ method: 'GET', url: `/api/reviews/${reviewId}/earlier?orgId=${orgId}` });
  const carry = (as: string, payload: Record<string, unknown>, reviewId = second.id) => t.as(as)({ method: 'POST', url: `/api/reviews/${reviewId}/carry`, payload });
  const ours = (list: Earlier[]) => list.filter((i) => [open.id, late.id, done.id].includes(i.id));

  it('when the new review opens an organization, it lists that organization’s earlier problems with their state, unfinished first', async () => {
    const res = await earlier('supervisor');
    expect(res.statusCode).toBe(200);
    const list = ours(res.json().items);
    expect(list.map((i) => i.id)).toEqual([late.id, open.id, done.id]);
    expect(list[0]).toMatchObject({ status: 'issued', overdue: true, carried: false, reviewId: first.id });
    expect(list[2]).toMatchObject({ status: 'closed', overdue: false });
    expect(list[2].closedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The branch reads its own organization's page; the finance clerk cannot name the police.
    expect((await earlier('branch')).statusCode).toBe(200);
    expect((await earlier('branch2')).statusCode).toBe(404);
  });

  it('when the first review is opened, the later one’s items are not “earlier”', async () => {
    const res = await earlier('supervisor', first.id);
    expect(ours(res.json().items)).toEqual([]);
  });

  it('when one item is carried, it keeps its first review, code, deadline and history, and gains a 转入新一轮述职 entry', async () => {
    const [before] = await t.db.select().from(items).where(eq(items.id, late.id));
    const historyBefore = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, late.id));
    const res = await carry('supervisor', { orgId: t.orgs.police, itemIds: [late.id] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ carried: [{ id: late.id, code: late.code }], already: 0 });
    const [after] = await t.db.select().from(items).where(eq(items.id, late.id));
    expect(after).toMatchObject({ reviewId: first.id, code: before.code, deadline: before.deadline, status: before.status, version: before.version });
    const history = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, late.id)).orderBy(itemHistory.id);
    expect(history.slice(0, historyBefore.length)).toEqual(historyBefore);
    expect(history.at(-1)).toMatchObject({ action: 'carried', comment: '转入新一轮述职：2026年度述职评议', data: { reviewId: second.id, firstReviewId: first.id } });
    const listed = ours((await earlier('supervisor')).json().items);
    expect(listed.find((i) => i.id === late.id)?.carried).toBe(true);
  });

  it('when a closed item or another organization’s item is named, nothing is carried and the answer is 400', async () => {
    const other = await createItem(t, { orgId: t.orgs.finance, reviewId: first.id, description: '预算执行监督不到位。' });
    for (const itemIds of [[done.id], [open.id, other.id]]) {
      const res = await carry('supervisor', { orgId: t.orgs.police, itemIds });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('reviews.carry_invalid');
    }
    const links = await t.db.select().from(reviewItems).where(eq(reviewItems.reviewId, second.id));
    expect(links.map((l) => l.itemId)).toEqual([late.id]);
  });

  it('when the whole organization is carried, every unfinished item comes over once and the closed one stays behind', async () => {
    const res = await carry('supervisor', { orgId: t.orgs.police });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.carried.map((c: { id: number }) => c.id)).toContain(open.id);
    expect(body.carried.map((c: { id: number }) => c.id)).not.toContain(late.id);
    expect(body.already).toBe(1);
    const again = (await carry('supervisor', { orgId: t.orgs.police })).json();
    expect(again.carried).toEqual([]);
    const [{ n }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(reviewItems).where(and(eq(reviewItems.reviewId, second.id), eq(reviewItems.itemId, done.id)));
    expect(n).toBe(0);
    const entries = await t.db.select().from(itemHistory).where(and(eq(itemHistory.itemId, late.id), eq(itemHistory.action, 'carried')));
    expect(entries).toHaveLength(1);
  });

  it('when the new review is read, its roll-up counts new items and carried ones apart', async () => {
    const fresh = await createItem(t, { reviewId: second.id, description: '学习不够深入。' });
    const detail = (await t.as('supervisor')({ method: 'GET', url: `/api/reviews/${second.id}` })).json();
    const carriedCount = Number((await t.db.select({ n: sql<number>`count(*)::int` }).from(reviewItems).where(eq(reviewItems.reviewId, second.id)))[0].n);
    expect(detail.rollup.total).toBe(1);
    expect(detail.carried.total).toBe(carriedCount);
    expect(detail.carried.overdue).toBeGreaterThanOrEqual(1);
    const police = detail.organizations.find((o: { orgId: number }) => o.orgId === t.orgs.police);
    expect(police.rollup.total).toBe(1);
    expect(police.carried.total).toBe(carriedCount);
    // The first review still counts them as its own.
    const firstDetail = (await t.as('supervisor')({ method: 'GET', url: `/api/reviews/${first.id}` })).json();
    expect(firstDetail.rollup.total).toBeGreaterThanOrEqual(3);
    expect(firstDetail.carried.total).toBe(0);
    expect(fresh.id).toBeGreaterThan(0);
  });

  it.each(['branch', 'viewer', 'admin'])('when %s tries to carry, it is refused and nothing is linked', async (as) => {
    const before = (await t.db.select().from(reviewItems)).length;
    expect((await carry(as, { orgId: t.orgs.police })).statusCode).toBe(403);
    expect(await t.db.select().from(reviewItems)).toHaveLength(before);
  });
});
