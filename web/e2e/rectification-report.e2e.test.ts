import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { convertToPdf } from '../../server/src/modules/reports/office.test-helpers';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const POLICE = '江川市公安局党委';
const TITLE = '2025年度述职评议';

/**
 * An organization's 整改情况报告 end to end: the clerk downloads the draft from the review page, the signed copy (the
 * draft printed to PDF, as a scanner would give it) is uploaded, and the committee sees it waiting and accepts it.
 */
describeE2E('an organization’s 整改情况报告 in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let reviewId = 0;
  let policeId = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const token = await server.tokenOf('supervisor');
    const orgs = (await server.api<{ items: Array<{ id: number; name: string }> }>('/api/orgs', { token })).items;
    policeId = orgs.find((o) => o.name === POLICE)!.id;
    const review = await server.api<{ id: number }>('/api/reviews', {
      method: 'POST',
      token,
      body: { title: TITLE, kind: 'report_review', heldOn: server.today(), comments: [{ orgId: policeId, text: '一是理论学习不够深入。二是支部活动形式单一。' }] },
    });
    reviewId = review.id;
    await server.api(`/api/reviews/${reviewId}/items`, {
      method: 'POST',
      token,
      body: { orgId: policeId, items: ['理论学习不够深入，学用结合不紧密。', '支部活动形式单一，吸引力不强。'].map((description) => ({ description, deadline: '2026-12-31', type: 'deadline' })) },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the clerk downloads the draft, uploads the signed PDF, and the committee accepts it', async () => {
    const clerk = await openPage(browser, { viewport: viewports.phone });
    await signIn(clerk.page, server.url, 'branch');
    await clerk.page.waitForURL(`${server.url}/`);
    await clerk.page.goto(`${server.url}/reviews/${reviewId}`);
    const row = clerk.page.getByTestId(`rect-report-${policeId}`);
    await expect.poll(() => row.getByTestId('rect-report-status').innerText()).toBe('未提交');

    const [download] = await Promise.all([clerk.page.waitForEvent('download'), row.getByTestId('rect-report-draft').click()]);
    expect(download.suggestedFilename()).toMatch(/整改情况的报告（草稿）\.docx$/);
    const draft = await readFile((await download.path())!);
    const { pdf, text } = await convertToPdf(draft, 'docx');
    expect(text.replace(/\s+/g, '')).toContain(`关于${TITLE}反馈问题整改情况的报告`);

    const [chooser] = await Promise.all([clerk.page.waitForEvent('filechooser'), row.getByTestId('rect-report-upload').click()]);
    await chooser.setFiles({ name: '整改情况报告（签字盖章）.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => row.getByTestId('rect-report-status').innerText()).toBe('已提交待审');
    await shoot(clerk.page, 'rectification-report-clerk-phone');
    expect(clerk.errors).toEqual([]);
    await clerk.context.close();

    const committee = await openPage(browser);
    await signIn(committee.page, server.url, 'supervisor');
    await committee.page.waitForURL(`${server.url}/`);
    await committee.page.goto(`${server.url}/reviews/${reviewId}`);
    const line = committee.page.getByTestId(`rect-report-${policeId}`);
    await expect.poll(() => line.getByTestId('rect-report-status').innerText()).toBe('已提交待审');
    expect(await committee.page.getByTestId('rect-reports-counts').innerText()).toContain('待审 1 个');
    await committee.page.getByTestId('rect-reports').scrollIntoViewIfNeeded();
    await shoot(committee.page, 'rectification-report-committee-desktop');
    await line.getByTestId('rect-report-accept').click();
    await expect.poll(() => line.getByTestId('rect-report-status').innerText()).toBe('已接收');
    expect(await committee.page.getByTestId('rect-reports-counts').innerText()).toContain('已接收 1 个');
    expect(committee.errors).toEqual([]);
    await committee.context.close();

    // The committee's rows, its summary row included, line up on a phone as on a desktop, and nothing runs off it.
    const phone = await openPage(browser, { viewport: viewports.phone });
    await signIn(phone.page, server.url, 'supervisor');
    await phone.page.waitForURL(`${server.url}/`);
    await phone.page.goto(`${server.url}/reviews/${reviewId}`);
    const summary = phone.page.getByTestId('rect-reports-summary');
    await summary.scrollIntoViewIfNeeded();
    const left = async (testId: string) => (await phone.page.getByTestId(testId).locator('.rect-reports__org').first().boundingBox())!.x;
    expect(Math.abs((await left(`rect-report-${policeId}`)) - (await left('rect-reports-summary')))).toBeLessThan(1);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(phone.page, 'rectification-report-committee-phone');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  }, 300_000);

  it('a report for a period: the committee opens the year, the clerk reports on its problems of any source, and the committee accepts it', async () => {
    const year = server.today().slice(0, 4);
    const committee = await openPage(browser);
    await signIn(committee.page, server.url, 'supervisor');
    await committee.page.waitForURL(`${server.url}/`);
    await committee.page.goto(`${server.url}/reviews`);
    await committee.page.getByTestId('report-period-create').click();
    await expect.poll(() => committee.page.getByTestId('report-period-title').inputValue()).toBe(`${year}年度`);
    await committee.page.getByTestId('report-period-save').click();
    await committee.page.waitForURL(/\/reviews\/periods\/\d+$/);
    const periodUrl = committee.page.url();
    const line = committee.page.getByTestId(`rect-report-${policeId}`);
    await expect.poll(() => line.getByTestId('rect-report-status').innerText()).toBe('未提交');

    const clerk = await openPage(browser, { viewport: viewports.phone });
    await signIn(clerk.page, server.url, 'branch');
    await clerk.page.waitForURL(`${server.url}/`);
    await clerk.page.goto(`${server.url}/reviews`);
    await clerk.page.getByTestId('report-periods').getByRole('link', { name: `${year}年度` }).click();
    await clerk.page.waitForURL(periodUrl);
    const row = clerk.page.getByTestId(`rect-report-${policeId}`);
    const [download] = await Promise.all([clerk.page.waitForEvent('download'), row.getByTestId('rect-report-draft').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`关于${year}年度问题整改情况的报告（草稿）\\.docx$`));
    const { pdf, text } = await convertToPdf(await readFile((await download.path())!), 'docx');
    expect(text.replace(/\s+/g, '')).toContain('理论学习不够深入，学用结合不紧密');
    const [chooser] = await Promise.all([clerk.page.waitForEvent('filechooser'), row.getByTestId('rect-report-upload').click()]);
    await chooser.setFiles({ name: `${year}年度整改情况报告（签字盖章）.pdf`, mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => row.getByTestId('rect-report-status').innerText()).toBe('已提交待审');
    await shoot(clerk.page, 'rectification-report-period-phone');
    expect(clerk.errors).toEqual([]);
    await clerk.context.close();

    await committee.page.reload();
    await expect.poll(() => line.getByTestId('rect-report-status').innerText()).toBe('已提交待审');
    await shoot(committee.page, 'rectification-report-period');
    await line.getByTestId('rect-report-accept').click();
    await expect.poll(() => line.getByTestId('rect-report-status').innerText()).toBe('已接收');
    expect(committee.errors).toEqual([]);
    await committee.context.close();
  }, 300_000);
});
