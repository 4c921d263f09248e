import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const REVIEW = '2026年度基层党建工作专项检查反馈';
const COMMENT =
  '教育局党组书记认真履行抓党建第一责任人职责，党建工作取得新进展。' +
  '存在的不足：一是理论学习不够系统深入，集中学习以读文件为主，研讨交流不充分；' +
  '二是基层支部“三会一课”落实不够规范，部分支部会议记录不完整；' +
  '三是党建与业务融合不够紧密，存在“两张皮”现象。希望局党组对照问题逐项整改。';
const EDITED = '支部“三会一课”记录不完整';
const PRAISE = '档案馆党支部结合馆藏数字化开展主题党日活动，形式新颖，党员参与度高，群众评价好。';

/** Chooses an organization in the review page's picker (the tree opens at the committee's own level). */
async function pickOrg(page: Page, name: string) {
  await page.locator('.review-orgs__pick .el-select__wrapper').click();
  await page.locator('.el-tree-select__popper:visible').getByRole('option', { name, exact: true }).click();
  await expect.poll(() => page.getByTestId('review-org-panel').locator('.rf-card__title').innerText()).toBe(`对 ${name} 的点评意见`);
}

/**
 * The committee's way from a review to ledger items: a review is created, a comment with three numbered
 * shortcomings becomes three drafts, one is retitled, and confirming creates three items that the review and the
 * ledger both list. A comment without numbered shortcomings says so and drafts nothing.
 */
describeE2E('from a review comment to ledger items, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let supervisor: { page: Page; context: BrowserContext; errors: string[] };
  let reviewUrl = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { demoLedger: true }), launchBrowser()]);
    supervisor = await openPage(browser);
    await signIn(supervisor.page, server.url, 'supervisor');
    await supervisor.page.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('in order', () => {
    it('the supervisor creates a review from the reviews list', async () => {
      const { page } = supervisor;
      await page.goto(`${server.url}/reviews`);
      await expect.poll(() => page.getByTestId('reviews-table').innerText()).toContain('2026年度党组织书记抓基层党建工作述职评议');

      await page.getByTestId('create-review').click();
      const form = page.getByTestId('review-form');
      await form.waitFor();
      await page.getByTestId('review-title').fill(REVIEW);
      await form.locator('.el-form-item', { hasText: '类型' }).locator('.el-select__wrapper').click();
      await page.locator('.el-select__popper:visible').getByRole('option', { name: '专项检查', exact: true }).click();
      await page.getByTestId('review-submit').click();

      await page.waitForURL(/\/reviews\/\d+$/);
      reviewUrl = page.url();
      await expect.poll(() => page.getByTestId('review-title').innerText()).toBe(REVIEW);
      expect(await page.getByTestId('review-orgs').innerText()).toContain('还没有录入点评意见');
      expect(await page.getByTestId('review-items').innerText()).toContain('还没有从本次评议建立的事项');
    });

    it('pastes a comment with 一是……二是……三是……, gets three drafts, retitles one and confirms them into three items', async () => {
      const { page } = supervisor;
      await pickOrg(page, '江川市教育局党组');
      await page.getByTestId('comment-text').fill(COMMENT);
      await page.getByTestId('extract').click();

      const rows = page.getByTestId('draft-row');
      await expect.poll(() => rows.count()).toBe(3);
      expect(await page.getByTestId('extract-message').innerText()).toContain('识别出 3 条不足');
      const titles = () => rows.locator('input[data-testid="draft-title"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      expect(await titles()).toEqual(['理论学习不够系统深入', '基层支部“三会一课”落实不够规范', '党建与业务融合不够紧密']);
      expect(await page.getByTestId('drafts').innerText()).toContain('尚未保存');

      await rows.nth(1).getByTestId('draft-title').fill(EDITED);
      await page.locator('.org-panel__batch input').fill(addDays(server.today(), 60));
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('draft-issues').count()).toBe(0);
      // The picture shows the page, not the passing 已新建评议 message.
      await page.locator('.el-message').waitFor({ state: 'detached' });
      await shoot(page, 'review-drafts-desktop');

      // Nothing is stored before 确认建账: the ledger has no item of this review yet.
      const reviewId = Number(reviewUrl.split('/').pop());
      const token = await server.tokenOf('supervisor');
      expect((await server.api<{ total: number }>(`/api/items?reviewId=${reviewId}`, { token })).total).toBe(0);

      await page.getByTestId('drafts-confirm').click();
      const items = page.getByTestId('review-items');
      await expect.poll(() => items.innerText()).toContain(EDITED);
      const listed = await items.innerText();
      expect(listed).toContain('理论学习不够系统深入');
      expect(listed).toContain('党建与业务融合不够紧密');
      expect(listed).toContain('本次评议的整改事项（3）');
      expect(await page.getByTestId('drafts').count()).toBe(0);
      await expect.poll(() => page.getByTestId('review-orgs').innerText()).toContain('江川市教育局党组');
      expect(await page.getByTestId('review-orgs').innerText()).toContain('3 项');
      expect(await page.getByTestId('review-stats').innerText()).toContain('已销号 0 / 3');
    });

    it('the three items are in the ledger list filtered by the review', async () => {
      const { page } = supervisor;
      await page.getByTestId('review-items-ledger').click();
      await page.waitForURL(/\/items\?reviewId=\d+/);
      const table = page.getByTestId('items-table');
      await expect.poll(() => table.locator('.el-table__row').count()).toBe(3);
      const text = await table.innerText();
      for (const title of ['理论学习不够系统深入', EDITED, '党建与业务融合不够紧密']) expect(text).toContain(title);
      expect(text).toContain('江川市教育局党组');
      expect(await page.locator('.el-pagination__total').innerText()).toContain('共 3 条');
    });

    it('a comment without numbered shortcomings gets a clear message and no drafts', async () => {
      const { page } = supervisor;
      await page.goto(reviewUrl);
      await page.getByTestId('review-title').waitFor();
      await pickOrg(page, '江川市档案馆党支部');
      await page.getByTestId('comment-text').fill(PRAISE);
      await page.getByTestId('extract').click();
      await expect.poll(() => page.getByTestId('extract-message').innerText()).toContain('没有找到“存在的不足/问题”等部分，未生成草稿；请手工添加事项');
      expect(await page.getByTestId('draft-row').count()).toBe(0);
      expect(await page.getByTestId('draft-table').innerText()).toContain('没有草稿');
      expect(await page.getByTestId('drafts-confirm').isDisabled()).toBe(true);
      expect(supervisor.errors).toEqual([]);
    });
  });

  it('the supervisor issues a common problem to every organization directly under the committee and sees its roll-up', async () => {
    const { page } = supervisor;
    await page.goto(`${server.url}/common-problems`);
    await expect.poll(() => page.getByTestId('common-problems-table').innerText()).toContain('还没有下发共性问题');
    await page.getByTestId('create-common-problem').click();
    const form = page.getByTestId('common-problem-form');
    await form.waitFor();
    await page.getByTestId('org-multi-direct').click();
    await expect.poll(() => form.innerText()).toContain('已选择 10 个单位，每个单位各建立一条事项');
    await page.getByTestId('cp-description').fill('党员领导干部讲党课不够经常，讲党课内容与本单位实际结合不紧。');
    await page.getByTestId('cp-title').fill('领导干部讲党课不经常');
    // 30 个工作日 from each organization's own 签收: the date shown is where they run if it signs for it today.
    const deadline = form.getByTestId('common-problem-deadline');
    await deadline.getByTestId('deadline-mode-working').click();
    const count = deadline.getByTestId('deadline-working-days').locator('input');
    await count.fill('30');
    await count.press('Tab');
    await deadline.getByTestId('deadline-basis-acknowledge').click();
    await expect.poll(() => deadline.getByTestId('deadline-resolved').innerText()).toMatch(new RegExp(`^自签收之日起 30 个工作日：如于 ${server.today()} 签收，即 \\d{4}-\\d{2}-\\d{2}；`));
    const resolved = /即 (\d{4}-\d{2}-\d{2})/.exec(await deadline.getByTestId('deadline-resolved').innerText())![1];
    expect(resolved > addDays(server.today(), 30)).toBe(true);
    await shoot(page, 'common-problem-working-days', { fullPage: false });
    await page.getByTestId('cp-submit').click();

    await page.waitForURL(/\/common-problems\/\d+$/);
    await expect.poll(() => page.getByTestId('common-problem-title').innerText()).toBe('领导干部讲党课不经常');
    expect(await page.getByTestId('common-problem-meta').innerText()).toContain(`整改时限 ${resolved}`);
    const stats = await page.getByTestId('common-problem-stats').innerText();
    expect(stats).toMatch(/下发单位\s*10/);
    expect(stats).toContain('已销号 0 / 10');
    const orgs = page.getByTestId('common-problem-orgs');
    expect(await orgs.locator('.el-table__row').count()).toBe(10);
    expect(await orgs.innerText()).toContain('江川市公安局党委');
    expect(await page.getByTestId('common-problem-overdue').innerText()).toContain('没有逾期未销号的单位');
    await page.locator('.el-message').waitFor({ state: 'detached' });
    await shoot(page, 'common-problem-desktop');
    expect(supervisor.errors).toEqual([]);
  });

  for (const [device, viewport] of Object.entries(viewports)) {
    it(`at ${device} size, the reviews list and a review with drafts render`, async () => {
      const { page, context, errors } = await openPage(browser, { viewport });
      await signIn(page, server.url, 'supervisor');
      await page.waitForURL(`${server.url}/`);
      await page.goto(`${server.url}/reviews`);
      await page.locator(device === 'phone' ? '[data-testid="reviews-cards"] .card' : '[data-testid="reviews-table"] .el-table__row').first().waitFor();
      await shoot(page, `reviews-list-${device}`);

      // The demo review, at the police committee, whose comment numbers its three shortcomings.
      const token = await server.tokenOf('supervisor');
      const { items } = await server.api<{ items: { id: number; title: string }[] }>('/api/reviews', { token });
      const demo = items.find((r) => r.title === '2026年度党组织书记抓基层党建工作述职评议')!;
      const { items: orgs } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token });
      const police = orgs.find((o) => o.name === '江川市公安局党委')!;
      await page.goto(`${server.url}/reviews/${demo.id}?org=${police.id}`);
      await page.getByTestId('review-items').locator('a').first().waitFor();
      await page.getByTestId('extract').click();
      await expect.poll(() => page.getByTestId('draft-row').count()).toBe(3);
      if (device === 'phone') await shoot(page, `review-drafts-${device}`);
      else await shoot(page, 'review-desktop');
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
