import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { multipart, tinyPdf } from '../../test/multipart.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, uploadPdf } from '../items/items.test-helpers.js';
import { items } from '../items/items.table.js';
import { convertToPdf, skipOffice } from '../reports/office.test-helpers.js';
import { createReview } from '../reviews/reviews.test-helpers.js';
import { rectificationReports } from './rectification-reports.table.js';

const clock = fixedClock('2026-07-10T02:00:00Z');

describe('整改情况报告', () => {
  let t: TestApp;
  let reviewId: number;
  // A fresh database with every migration and the demo data: on PGlite and a busy machine that takes a while.
  beforeAll(async () => {
    t = await createTestApp({ clock });
    const review = await createReview(t, {
      title: '2025年度述职评议',
      kind: 'report_review',
      heldOn: '2026-01-20',
      comments: [
        { orgId: t.orgs.police, text: '一是理论学习不够深入。二是支部活动形式单一。' },
        { orgId: t.orgs.finance, text: '一是预算执行监督不到位。' },
      ],
    });
    reviewId = review.id;
    const study = await createItem(t, {
      reviewId,
      title: '理论学习不够深入',
      description: '党组理论学习中心组学习计划执行不到位，学用结合不紧密。',
      measures: [{ content: '制定年度学习计划，每月集中学习一次', responsiblePerson: '王敏', deadline: '2026-06-30' }],
      deadline: '2026-06-30',
    });
    // Closed straight in the table: how an item gets closed is the workflow's to test, not the report's.
    expect((await uploadPdf(t, 'branch', study.id)).statusCode).toBe(201);
    await t.db.update(items).set({ status: 'closed', closedOn: '2026-06-28', closedAt: new Date('2026-06-28T02:00:00Z'), closedLate: false }).where(eq(items.id, study.id));
    await createItem(t, { reviewId, title: '支部活动形式单一', description: '主题党日活动形式单一，吸引力不强。', deadline: '2026-05-31' });
    await createItem(t, { reviewId, orgId: t.orgs.finance, title: '财政预算执行监督不到位', description: '预算执行监督不到位。', deadline: '2026-12-31' });
  }, 180_000);
  afterAll(() => t.close());

  const get = (as: string, url: string) => t.as(as)({ method: 'GET', url });
  const upload = (as: string, url: string, content: Buffer = tinyPdf('signed'), filename = '整改情况报告.pdf') => {
    const form = multipart([{ name: 'file', file: { filename, content, contentType: 'application/pdf' } }]);
    return t.as(as)({ method: 'POST', url, ...form });
  };
  const reportUrl = (orgId: number) => `/api/reviews/${reviewId}/rectification-reports/${orgId}`;

  it.skipIf(skipOffice)('when an organization downloads its draft, LibreOffice opens it in the official layout with each of its problems and nothing of another organization', async () => {
    const res = await get('branch', `${reportUrl(t.orgs.police)}/draft.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const { text } = await convertToPdf(res.rawPayload, 'docx');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('关于2025年度述职评议反馈问题整改情况的报告');
    expect(flat).toContain('江川市直属机关工作委员会：');
    expect(flat).toContain('理论学习不够深入');
    expect(flat).toContain('制定年度学习计划，每月集中学习一次（责任人：王敏，时限：2026年6月30日）');
    expect(flat).toContain('完成情况：已完成（2026年6月28日销号）');
    expect(flat).toContain('整改佐证材料.pdf');
    expect(flat).toContain('完成情况：未完成（整改时限2026年5月31日，已逾期）');
    expect(flat).toContain('反馈问题共2个，其中已完成1个，持续整改0个，未完成1个，整改完成率50.0%');
    expect(flat).toContain('单位名称（盖章）');
    expect(flat).toContain('负责人签字');
    expect(flat).not.toContain('财政预算执行监督不到位');
  }, 180_000);

  it('when a clerk of another organization asks for the police draft, its report or its file, it answers 404', async () => {
    expect((await get('branch2', `${reportUrl(t.orgs.police)}/draft.docx`)).statusCode).toBe(404);
    expect((await upload('branch2', reportUrl(t.orgs.police))).statusCode).toBe(404);
    expect((await get('branch2', `${reportUrl(t.orgs.police)}/file`)).statusCode).toBe(404);
    const overview = (await get('branch2', `/api/reviews/${reviewId}/rectification-reports`)).json();
    expect(overview.organizations.map((o: { orgName: string }) => o.orgName)).toEqual(['江川市财政局机关党委']);
    expect(overview.summary).toBeNull();
    expect(overview.canDecide).toBe(false);
  });

  it('when the upload is not a PDF or an image, it is refused with 415 and nothing is kept', async () => {
    const before = await t.db.select().from(rectificationReports);
    const res = await upload('branch', reportUrl(t.orgs.police), Buffer.from('这不是扫描件\n'.repeat(20)), '报告.pdf');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('rectification_reports.bad_type');
    expect(await t.db.select().from(rectificationReports)).toEqual(before);
  });

  it('when the organization uploads its signed scan, the committee sees it late against the deadline, sends it back with a reason, and accepts the one uploaded again', async () => {
    await t.as('supervisor')({ method: 'PUT', url: `/api/reviews/${reviewId}/rectification-reports/deadline`, payload: { dueOn: '2026-07-01' } });
    const first = await upload('branch', reportUrl(t.orgs.police));
    expect(first.statusCode).toBe(201);
    let police = first.json().organizations.find((o: { orgId: number }) => o.orgId === t.orgs.police);
    expect(police.current).toMatchObject({ status: 'submitted', fileName: '整改情况报告.pdf', late: true });

    const file = await get('supervisor', `${reportUrl(t.orgs.police)}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    expect((await t.as('branch')({ method: 'POST', url: `${reportUrl(t.orgs.police)}/decision`, payload: { action: 'accept' } })).statusCode).toBe(403);
    const noReason = await t.as('supervisor')({ method: 'POST', url: `${reportUrl(t.orgs.police)}/decision`, payload: { action: 'return' } });
    expect(noReason.json().error.code).toBe('rectification_reports.reason_required');
    const returned = await t.as('supervisor')({ method: 'POST', url: `${reportUrl(t.orgs.police)}/decision`, payload: { action: 'return', reason: '未加盖单位公章' } });
    expect(returned.statusCode).toBe(200);
    police = (await get('branch', `/api/reviews/${reviewId}/rectification-reports`)).json().organizations.find((o: { orgId: number }) => o.orgId === t.orgs.police);
    expect(police.current).toMatchObject({ status: 'returned', reason: '未加盖单位公章' });

    expect((await upload('branch', reportUrl(t.orgs.police))).statusCode).toBe(201);
    const accepted = await t.as('supervisor')({ method: 'POST', url: `${reportUrl(t.orgs.police)}/decision`, payload: { action: 'accept' } });
    const overview = accepted.json();
    police = overview.organizations.find((o: { orgId: number }) => o.orgId === t.orgs.police);
    expect(police.current.status).toBe('accepted');
    expect(police.history.map((h: { status: string }) => h.status)).toEqual(['returned']);
    expect(overview.counts).toMatchObject({ expected: 2, accepted: 1, missing: 1 });

    const again = await upload('branch', reportUrl(t.orgs.police));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('rectification_reports.accepted');
    const twice = await t.as('supervisor')({ method: 'POST', url: `${reportUrl(t.orgs.police)}/decision`, payload: { action: 'accept' } });
    expect(twice.json().error.code).toBe('rectification_reports.not_pending');
    const rows = await t.db.select().from(rectificationReports).where(eq(rectificationReports.orgId, t.orgs.police));
    expect(rows.map((r) => r.status).sort()).toEqual(['accepted', 'returned']);
  });

  it('when an organization has no problem from the review, its upload is refused and nothing is stored', async () => {
    const res = await upload('supervisor', reportUrl(t.orgs.archives));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('rectification_reports.nothing_to_report');
  });

  it.skipIf(skipOffice)('when the committee downloads its summary draft, it lists every organization with its counts and submission, and the signed summary is uploaded the same way', async () => {
    const res = await get('supervisor', `/api/reviews/${reviewId}/summary-report/draft.docx`);
    expect(res.statusCode).toBe(200);
    const flat = (await convertToPdf(res.rawPayload, 'docx')).text.replace(/\s+/g, '');
    expect(flat).toContain('关于2025年度述职评议反馈问题整改情况的综合报告');
    expect(flat).toContain('江川市公安局党委');
    expect(flat).toContain('江川市财政局机关党委');
    expect(flat).toContain('反馈问题共3个，已完成1个');
    expect(flat).toContain('支部活动形式单一');
    expect((await get('branch', `/api/reviews/${reviewId}/summary-report/draft.docx`)).statusCode).toBe(404);
    expect((await upload('branch', `/api/reviews/${reviewId}/summary-report`)).statusCode).toBe(403);
    const summary = await upload('supervisor', `/api/reviews/${reviewId}/summary-report`);
    expect(summary.statusCode).toBe(201);
    expect(summary.json().summary.current.status).toBe('submitted');
    expect((await get('viewer', `/api/reviews/${reviewId}/summary-report/file`)).statusCode).toBe(200);
  }, 180_000);
});
