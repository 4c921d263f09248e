import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { itemHistory, items } from '../items/items.table.js';
import { closeItem, createReview } from './reviews.test-helpers.js';
import { reviewComments, reviews } from './reviews.table.js';

const clock = fixedClock('2026-05-10T02:00:00Z');

describe('reviews', () => {
  let t: TestApp;
  let demoId: number;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    demoId = (await t.db.select({ id: reviews.id }).from(reviews))[0].id;
  });
  afterAll(() => t.close());

  const get = (as: string, url: string) => t.as(as)({ method: 'GET', url });
  const itemCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(items))[0].n;

  describe('seeing reviews and their comments', () => {
    it('when the supervisor or a leader opens the demo review, they see every comment; a branch sees only its own subtree', async () => {
      const all = (await get('supervisor', `/api/reviews/${demoId}`)).json();
      expect(all.comments.map((c: { orgName: string }) => c.orgName)).toEqual(expect.arrayContaining(['江川市公安局党委', '江川市财政局机关党委', '江川市档案馆党支部']));
      expect((await get('viewer', `/api/reviews/${demoId}`)).json().comments).toHaveLength(all.comments.length);
      const police = (await get('branch', `/api/reviews/${demoId}`)).json();
      expect(police.comments.map((c: { orgName: string }) => c.orgName)).toEqual(['江川市公安局党委']);
      expect(police.commentCount).toBe(1);
      const finance = (await get('branch2', `/api/reviews/${demoId}`)).json();
      expect(finance.comments.map((c: { orgName: string }) => c.orgName)).toEqual(['江川市财政局机关党委']);
    });

    it('when a review says nothing about a branch’s organizations, the branch gets 404 and does not find it in the list', async () => {
      const other = await createReview(t, { title: '财政专项检查', comments: [{ orgId: t.orgs.finance, text: '预算执行监督不到位。' }] });
      expect((await get('branch', `/api/reviews/${other.id}`)).statusCode).toBe(404);
      const listed = (await get('branch', '/api/reviews?pageSize=100')).json();
      expect(listed.items.map((r: { id: number }) => r.id)).not.toContain(other.id);
      expect(listed.total).toBe(listed.items.length);
      expect((await get('branch2', `/api/reviews/${other.id}`)).statusCode).toBe(200);
    });

    it('when the list is filtered by kind, year and title, it answers only what matches', async () => {
      const list = (await get('supervisor', '/api/reviews?kind=report_review&year=2026&q=述职')).json();
      expect(list.items.map((r: { id: number }) => r.id)).toEqual([demoId]);
      expect(list.items[0]).toMatchObject({ kind: 'report_review', committeeId: t.orgs.committee, committeeName: '江川市直属机关工作委员会' });
      expect((await get('supervisor', '/api/reviews?year=2025')).json().total).toBe(0);
    });

    it.each(['branch', 'viewer', 'admin'])('when %s tries to create a review, it is refused', async (as) => {
      const res = await t.as(as)({ method: 'POST', url: '/api/reviews', payload: { title: 'x', kind: 'special_check', heldOn: '2026-03-01' } });
      expect(res.statusCode).toBe(403);
    });

    it('when a review names an organization outside its committee, it answers 404 and nothing is written', async () => {
      const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(reviews))[0].n;
      const res = await t.as('supervisor')({
        method: 'POST',
        url: '/api/reviews',
        payload: { title: '公安系统巡察反馈', kind: 'inspection_feedback', heldOn: '2026-04-01', committeeId: t.orgs.police, comments: [{ orgId: t.orgs.finance, text: '问题' }] },
      });
      expect(res.statusCode).toBe(404);
      expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(reviews))[0].n).toBe(before);
    });

    it('when a comment is written, changed and removed, the stored text follows', async () => {
      const review = await createReview(t);
      const put = await t.as('supervisor')({ method: 'PUT', url: `/api/reviews/${review.id}/comments/${t.orgs.culture}`, payload: { text: '第一稿' } });
      expect(put.json()).toMatchObject({ orgId: t.orgs.culture, orgName: '江川市文化馆党支部', text: '第一稿' });
      await t.as('supervisor')({ method: 'PUT', url: `/api/reviews/${review.id}/comments/${t.orgs.culture}`, payload: { text: '第二稿' } });
      const rows = await t.db.select().from(reviewComments).where(eq(reviewComments.reviewId, review.id));
      expect(rows.map((r) => r.text)).toEqual(['第二稿']);
      expect((await t.as('supervisor')({ method: 'DELETE', url: `/api/reviews/${review.id}/comments/${t.orgs.culture}` })).statusCode).toBe(200);
      expect(await t.db.select().from(reviewComments).where(eq(reviewComments.reviewId, review.id))).toEqual([]);
    });
  });

  describe('from comment to items', () => {
    it('when the supervisor extracts the stored comment, it answers drafts and writes nothing', async () => {
      const before = await itemCount();
      const res = await t.as('supervisor')({ method: 'POST', url: `/api/reviews/${demoId}/extract`, payload: { orgId: t.orgs.police } });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ orgId: t.orgs.police, orgName: '江川市公安局党委', source: 'review', outcome: 'enumerated' });
      expect(body.drafts.map((d: { title: string }) => d.title)).toEqual(['理论学习不够深入', '基层支部“三会一课”落实不够规范', '青年民警中发展党员偏少']);
      expect(body.drafts[0]).toMatchObject({ categoryName: '理论学习', categoryId: expect.any(Number) });
      expect(await itemCount()).toBe(before);
    });

    it('when the other demo comments are extracted, each gets the outcome its shape calls for', async () => {
      const extract = async (orgId: number) => (await t.as('supervisor')({ method: 'POST', url: `/api/reviews/${demoId}/extract`, payload: { orgId } })).json();
      const agri = await extract(t.orgs.agri);
      expect(agri).toMatchObject({ outcome: 'enumerated', message: null });
      expect(agri.drafts.map((d: { categoryName: string }) => d.categoryName)).toEqual(['组织建设', '党务干部队伍', '信息化建设']);
      expect(await extract(t.orgs.finance)).toMatchObject({ outcome: 'whole_section', drafts: [expect.objectContaining({ categoryName: '党建与业务融合' })] });
      expect(await extract(t.orgs.archives)).toMatchObject({ outcome: 'none', drafts: [] });
    });

    it('when text is given it is used as written; an organization without a comment and no text is refused', async () => {
      const res = await t.as('supervisor')({ method: 'POST', url: `/api/reviews/${demoId}/extract`, payload: { orgId: t.orgs.culture, text: '存在问题：1.活动阵地利用率不高；2.党员志愿服务记录不全。' } });
      expect(res.json().drafts).toHaveLength(2);
      const missing = await t.as('supervisor')({ method: 'POST', url: `/api/reviews/${demoId}/extract`, payload: { orgId: t.orgs.culture } });
      expect(missing.json().error.code).toBe('reviews.comment_missing');
      expect((await t.as('branch')({ method: 'POST', url: `/api/reviews/${demoId}/extract`, payload: { orgId: t.orgs.police } })).statusCode).toBe(403);
    });

    it('when drafts are confirmed, the items and the comment are written in one go, linked to the review', async () => {
      const res = await t.as('supervisor')({
        method: 'POST',
        url: `/api/reviews/${demoId}/items`,
        payload: {
          orgId: t.orgs.finance,
          comment: '修订后的点评原文：存在问题：一是党建与业务融合不紧密；二是考核结果运用不充分。',
          items: [
            { title: '党建与业务融合不紧密', description: '党建与业务融合不紧密。', deadline: '2026-08-31', type: 'deadline', measures: [{ content: '每季度召开一次党建业务融合推进会' }] },
            { description: '考核结果运用不充分。', deadline: '2026-06-30', type: 'immediate', responsiblePerson: '陈经办' },
          ],
        },
      });
      expect(res.statusCode).toBe(201);
      const created = res.json().items;
      expect(created.map((i: { code: string }) => i.code)).toEqual(['2026-财政-001', '2026-财政-002']);
      const rows = await t.db.select().from(items).where(eq(items.reviewId, demoId));
      expect(rows.filter((r) => r.orgId === t.orgs.finance).map((r) => [r.source, r.title, r.status])).toEqual([
        ['review', '党建与业务融合不紧密', 'issued'],
        ['review', '考核结果运用不充分', 'issued'],
      ]);
      const history = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, created[0].id));
      expect(history).toEqual([expect.objectContaining({ action: 'created', toStatus: 'issued' })]);
      const detail = (await get('supervisor', `/api/items/${created[0].id}`)).json();
      expect(detail.measures.map((m: { content: string }) => m.content)).toEqual(['每季度召开一次党建业务融合推进会']);
      const [comment] = await t.db.select().from(reviewComments).where(eq(reviewComments.orgId, t.orgs.finance));
      expect(comment.text).toMatch(/^修订后的点评原文/);
    });

    it('when one draft is bad, nothing is written: no item and no comment change', async () => {
      const before = await itemCount();
      const [{ text: commentBefore }] = await t.db.select().from(reviewComments).where(eq(reviewComments.orgId, t.orgs.police));
      const res = await t.as('supervisor')({
        method: 'POST',
        url: `/api/reviews/${demoId}/items`,
        payload: {
          orgId: t.orgs.police,
          comment: '不应保存',
          items: [
            { description: '好的一条', deadline: '2026-08-31', type: 'deadline' },
            { description: '坏的一条', deadline: '2026-08-31', type: 'deadline', categoryId: 999999 },
          ],
        },
      });
      expect(res.json().error.code).toBe('items.category_invalid');
      expect(await itemCount()).toBe(before);
      const [{ text: commentAfter }] = await t.db.select().from(reviewComments).where(eq(reviewComments.orgId, t.orgs.police));
      expect(commentAfter).toBe(commentBefore);
    });
  });

  describe('roll-up and links', () => {
    it('when items of a review are closed or overdue, the review shows it overall and per organization', async () => {
      const review = await createReview(t, { title: '巡察反馈', kind: 'inspection_feedback' });
      const a = await createItem(t, { orgId: t.orgs.police, reviewId: review.id, deadline: '2026-05-01' });
      const b = await createItem(t, { orgId: t.orgs.traffic, reviewId: review.id, deadline: '2026-12-31' });
      await createItem(t, { orgId: t.orgs.finance, reviewId: review.id, deadline: '2026-12-31' });
      await closeItem(t, b.id);
      const detail = (await get('supervisor', `/api/reviews/${review.id}`)).json();
      expect(detail.rollup).toEqual({ total: 3, open: 2, closed: 1, closedLate: 0, overdue: 1, cancelled: 0, completionRate: 1 / 3, onTimeRate: 0.5 });
      expect(detail.organizations).toEqual(
        expect.arrayContaining([expect.objectContaining({ orgId: t.orgs.police, hasComment: false, rollup: expect.objectContaining({ total: 1, overdue: 1 }) })]),
      );
      expect(a.reviewId).toBe(review.id);
      // The police branch sees the review through its items, and counts only its own.
      const mine = (await get('branch', `/api/reviews/${review.id}`)).json();
      expect(mine.rollup).toMatchObject({ total: 2, closed: 1, overdue: 1 });
      expect(mine.organizations.map((o: { orgId: number }) => o.orgId).sort()).toEqual([t.orgs.police, t.orgs.traffic].sort());
    });

    it('when an item names a review it cannot belong to, or none that exists, it is refused with nothing written', async () => {
      const policeReview = await createReview(t, { title: '公安系统自查', kind: 'self_inspection', committeeId: t.orgs.police });
      const before = await itemCount();
      for (const reviewId of [policeReview.id + 1000, policeReview.id]) {
        const res = await t.as('supervisor')({ method: 'POST', url: '/api/items', payload: { orgId: t.orgs.finance, source: 'review', reviewId, description: 'x', deadline: '2026-12-31', type: 'deadline' } });
        expect(res.json().error.code).toBe('items.review_invalid');
      }
      expect(await itemCount()).toBe(before);
      const ok = await createItem(t, { orgId: t.orgs.traffic, reviewId: policeReview.id, source: 'self_inspection' }, 'branch');
      expect(ok.reviewId).toBe(policeReview.id);
    });

    it('when the database is asked to link an item to a review that does not exist, the foreign key refuses', async () => {
      const [row] = await t.db.select({ id: items.id }).from(items).limit(1);
      await expect(t.db.execute(sql`UPDATE items SET review_id = 987654 WHERE id = ${row.id}`)).rejects.toThrow();
      await expect(t.db.execute(sql`UPDATE items SET common_problem_id = 987654 WHERE id = ${row.id}`)).rejects.toThrow();
    });

    it('when a review has items it cannot be deleted; an unused one can', async () => {
      expect((await t.as('supervisor')({ method: 'DELETE', url: `/api/reviews/${demoId}` })).json().error.code).toBe('reviews.has_items');
      const unused = await createReview(t, { comments: [{ orgId: t.orgs.archives, text: '很好。' }] });
      expect((await t.as('supervisor')({ method: 'DELETE', url: `/api/reviews/${unused.id}` })).statusCode).toBe(200);
      expect(await t.db.select().from(reviews).where(eq(reviews.id, unused.id))).toEqual([]);
      expect(await t.db.select().from(reviewComments).where(eq(reviewComments.reviewId, unused.id))).toEqual([]);
    });

    it('when a review is edited, the change is stored; unknown fields are refused', async () => {
      const review = await createReview(t);
      const res = await t.as('supervisor')({ method: 'PATCH', url: `/api/reviews/${review.id}`, payload: { title: '改名后的检查', heldOn: '2026-03-05' } });
      expect(res.json()).toMatchObject({ title: '改名后的检查', heldOn: '2026-03-05' });
      expect((await t.as('supervisor')({ method: 'PATCH', url: `/api/reviews/${review.id}`, payload: { committeeId: t.orgs.police } })).statusCode).toBe(400);
    });
  });
});
