import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const POLICE = '江川市公安局党委';
const FINANCE = '江川市财政局机关党委';
const FIRST = '2025年度党组织书记述职评议';
const SECOND = '2026年度党组织书记述职评议（述前述后）';

type Created = { id: number; code: string };

/**
 * 述前述后 and 举一反三 as the committee and an organization meet them: a second review shows an organization's
 * problems from the first with their state and carries the unfinished ones over; from one of them the committee asks
 * the other organizations to check themselves, and a clerk answers on a phone (不存在 with why, or 存在, which makes
 * the organization's own item, linked to the one it was asked from).
 */
describeE2E('a second review that remembers the first, and 举一反三, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let supervisor: { page: Page; context: BrowserContext; errors: string[] };
  let secondId = 0;
  let items: Created[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const token = await server.tokenOf('supervisor');
    const orgs = (await server.api<{ items: Array<{ id: number; name: string }> }>('/api/orgs', { token })).items;
    const police = orgs.find((o) => o.name === POLICE)!.id;
    const today = server.today();
    // The first review and three problems of the police committee from it; one of them is already closed.
    const first = await server.api<{ id: number }>('/api/reviews', { method: 'POST', token, body: { title: FIRST, kind: 'report_review', heldOn: addDays(today, -330) } });
    const drafts = ['理论学习不够系统深入，学用结合不紧密。', '三会一课记录不完整，组织生活会程序不规范。', '党建与业务融合不够紧密。'];
    items = (
      await server.api<{ items: Created[] }>(`/api/reviews/${first.id}/items`, {
        method: 'POST',
        token,
        body: { orgId: police, items: drafts.map((description, i) => ({ description, deadline: addDays(today, i === 0 ? -20 : 60), type: 'deadline' })) },
      })
    ).items;
    await server.api(`/api/items/${items[2].id}/transitions`, {
      method: 'POST',
      token,
      body: { action: 'cancel', comment: '与其他事项合并整改', version: (await server.api<{ version: number }>(`/api/items/${items[2].id}`, { token })).version },
    });
    const second = await server.api<{ id: number }>('/api/reviews', {
      method: 'POST',
      token,
      body: { title: SECOND, kind: 'report_review', heldOn: today, comments: [{ orgId: police, text: '一是对上年度问题整改跟踪不够。二是支部标准化建设有差距。' }] },
    });
    secondId = second.id;
    supervisor = await openPage(browser);
    await signIn(supervisor.page, server.url, 'supervisor');
    await supervisor.page.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('in order', () => {
    it('the second review shows the police committee’s problems from the first, with their state, unfinished first', async () => {
      const { page } = supervisor;
      await page.goto(`${server.url}/reviews/${secondId}`);
      await page.getByTestId('review-orgs').getByRole('button', { name: new RegExp(POLICE) }).click();
      const earlier = page.getByTestId('earlier-problems');
      await expect.poll(() => earlier.innerText()).toContain('上年度问题整改情况');
      expect(await page.getByTestId('earlier-counts').innerText()).toBe('共 3 项，未销号 2 项，已转入 0 项');
      const overdue = await page.getByTestId(`earlier-${items[0].code}`).innerText();
      expect(overdue).toContain('逾期');
      expect(overdue).toContain(`来源：${FIRST}`);
      expect(await page.getByTestId(`earlier-${items[2].code}`).innerText()).toContain('已撤销');
      // A cancelled problem is answered for but not carried: it has no button.
      expect(await page.getByTestId(`carry-${items[2].code}`).count()).toBe(0);
      expect(supervisor.errors).toEqual([]);
    });

    it('carries one problem, then the rest at once, and the review counts them apart from its new items', async () => {
      const { page } = supervisor;
      await page.getByTestId(`carry-${items[0].code}`).click();
      await expect.poll(() => page.getByTestId(`earlier-${items[0].code}`).innerText()).toContain('已转入本次');
      await page.getByTestId('carry-all').click();
      await page.locator('.el-message-box').getByRole('button', { name: '转入' }).click();
      await expect.poll(() => page.getByTestId('earlier-counts').innerText()).toBe('共 3 项，未销号 2 项，已转入 2 项');
      expect(await page.getByTestId('carry-all').count()).toBe(0);
      await expect.poll(() => page.getByTestId('review-carried').innerText()).toBe('本次新增 0 项 · 转入 2 项');
      expect(await page.getByTestId('review-orgs').innerText()).toContain('转入 2');
      await shoot(page, 'review-carry');

      // The item keeps its first review and tells of the carry in its history.
      await page.goto(`${server.url}/items/${items[0].id}`);
      await expect.poll(() => page.locator('body').innerText()).toContain(`转入新一轮述职：${SECOND}`);
    });

    it('on a phone, the earlier problems read as cards under the comment', async () => {
      const phone = await openPage(browser, { viewport: viewports.phone });
      await signIn(phone.page, server.url, 'supervisor');
      await phone.page.waitForURL(`${server.url}/`);
      await phone.page.goto(`${server.url}/reviews/${secondId}`);
      await phone.page.getByTestId('review-orgs').getByRole('button', { name: new RegExp(POLICE) }).click();
      await expect.poll(() => phone.page.getByTestId('earlier-counts').innerText()).toContain('已转入 2 项');
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await shoot(phone.page, 'review-carry-phone');
      await phone.context.close();
    });

    it('举一反三: from the open problem the supervisor asks the sibling organizations to check themselves by a deadline', async () => {
      const { page } = supervisor;
      await page.goto(`${server.url}/items/${items[1].id}`);
      await page.getByTestId('self-check-open').click();
      const dialog = page.getByTestId('self-check-dialog');
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain('三会一课记录不完整');
      const deadline = dialog.locator('.deadline-picker input');
      await deadline.fill(addDays(server.today(), 14));
      await deadline.press('Enter');
      await page.getByTestId('self-check-note').fill('对照近一年支部会议记录逐项检查');
      await shoot(page, 'self-check-dialog', { fullPage: false });
      await page.getByTestId('self-check-submit').click();
      await expect.poll(() => page.getByTestId('self-checks').innerText()).toContain('已答复 0/');
      expect(await page.getByTestId('self-checks').innerText()).toContain(FINANCE);
    });

    it('the finance clerk answers 不存在 on a phone from 待我处理, with what was checked', async () => {
      const clerk = await openPage(browser, { viewport: viewports.phone });
      await signIn(clerk.page, server.url, 'branch2');
      await clerk.page.waitForURL(`${server.url}/`);
      const tasks = clerk.page.getByTestId('self-check-tasks');
      await expect.poll(() => tasks.innerText()).toContain('三会一课记录不完整');
      await tasks.getByTestId('self-check-answer-open').first().click();
      const dialog = clerk.page.getByTestId('self-check-answer-dialog');
      await dialog.waitFor();
      // 不存在 without a word cannot be sent.
      expect(await clerk.page.getByTestId('self-check-answer-submit').isDisabled()).toBe(true);
      await clerk.page.getByTestId('self-check-explanation').fill('经查阅近一年支部会议记录和组织生活会材料，不存在此问题。');
      await shoot(clerk.page, 'self-check-answer-phone', { fullPage: false });
      await clerk.page.getByTestId('self-check-answer-submit').click();
      await expect.poll(() => clerk.page.getByTestId('self-check-tasks').count()).toBe(0);
      expect(clerk.errors).toEqual([]);
      await clerk.context.close();
    });

    it('the origin item shows the answer and every organization that has not answered yet', async () => {
      const { page } = supervisor;
      await page.reload();
      const section = page.getByTestId('self-checks');
      await expect.poll(() => section.innerText()).toContain('已答复 1/');
      const text = await section.innerText();
      expect(text).toContain('不存在');
      expect(text).toContain('经查阅近一年支部会议记录');
      expect(text).toContain('未答复');
      await shoot(page, 'self-check');
      expect(supervisor.errors).toEqual([]);
    });

    it('举一反三 the other way: asked from a finance problem, the police clerk answers 存在 and its own item is made and linked', async () => {
      const token = await server.tokenOf('supervisor');
      const orgs = (await server.api<{ items: Array<{ id: number; name: string }> }>('/api/orgs', { token })).items;
      const finance = orgs.find((o) => o.name === FINANCE)!.id;
      const police = orgs.find((o) => o.name === POLICE)!.id;
      const origin = await server.api<Created>('/api/items', {
        method: 'POST',
        token,
        body: { orgId: finance, source: 'inspection', description: '党员发展档案材料不齐全，缺少政治审查材料。', deadline: addDays(server.today(), 90), type: 'deadline' },
      });
      await server.api(`/api/items/${origin.id}/self-checks`, { method: 'POST', token, body: { scope: 'chosen', orgIds: [police], deadline: addDays(server.today(), 10) } });

      const clerk = await openPage(browser, { viewport: viewports.phone });
      await signIn(clerk.page, server.url, 'branch');
      await clerk.page.waitForURL(`${server.url}/`);
      const tasks = clerk.page.getByTestId('self-check-tasks');
      await expect.poll(() => tasks.innerText()).toContain('党员发展档案材料不齐全');
      await tasks.getByTestId('self-check-answer-open').first().click();
      const dialog = clerk.page.getByTestId('self-check-answer-dialog');
      await dialog.waitFor();
      await dialog.getByTestId('self-check-answer').getByText('存在此问题（建立本单位整改事项）').click();
      await clerk.page.getByTestId('self-check-description').fill('交警支队党支部2名发展对象政治审查材料缺失。');
      await clerk.page.getByTestId('self-check-answer-submit').click();
      await expect.poll(() => clerk.page.getByTestId('self-check-tasks').count()).toBe(0);
      expect(clerk.errors).toEqual([]);
      await clerk.context.close();

      const { page } = supervisor;
      await page.goto(`${server.url}/items/${origin.id}`);
      const section = page.getByTestId('self-checks');
      await expect.poll(() => section.innerText()).toContain('已答复 1/1，存在 1');
      const made = section.getByRole('link', { name: /已建事项/ });
      await made.click();
      await page.waitForURL(/\/items\/\d+$/);
      await expect.poll(() => page.locator('main').innerText()).toContain('交警支队党支部2名发展对象政治审查材料缺失');
      expect(await page.locator('main').innerText()).toContain(POLICE);
      expect(supervisor.errors).toEqual([]);
    });
  });
});
