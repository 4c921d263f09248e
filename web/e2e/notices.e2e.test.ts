import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const REQUIREMENTS = '请于回复期限前书面报告以上事项的整改进展，逾期未完成的说明原因和完成时间。';
const REPLY = '局党委已召开专题会议研究整改，两项问题均已明确责任人，预计本月底前完成并申请销号。';

type ItemRow = { id: number; code: string; orgId: number; status: string };
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Supervision in two browsers: the committee ticks items in the ledger and issues a 督办单 for them, the
 * organization finds it on its home page and answers, and the committee reads the answer.
 */
describeE2E('a supervision notice from the ledger to its reply, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let supervisor: { page: Page; context: BrowserContext; errors: string[] };
  let branch: { page: Page; context: BrowserContext; errors: string[] };
  let policeId = 0;
  let chosen: ItemRow[] = [];
  let noticeUrl = '';
  let number = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { demoLedger: true }), launchBrowser()]);
    const token = await server.tokenOf('supervisor');
    const { items: orgs } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token });
    policeId = orgs.find((o) => o.name === '江川市公安局党委')!.id;
    // Two open items of the police committee itself (not of its branches): one notice, addressed to it.
    await server.api('/api/items', {
      method: 'POST',
      token,
      body: { orgId: policeId, source: 'review', title: '党委理论学习中心组研讨不深入', description: '党委理论学习中心组研讨发言准备不充分，学用结合不紧密。', deadline: addDays(server.today(), 30), type: 'deadline' },
    });
    const { items } = await server.api<{ items: ItemRow[] }>(`/api/items?orgId=${policeId}&status=issued,in_progress&sort=code&pageSize=100`, { token });
    chosen = items.filter((i) => i.orgId === policeId).slice(0, 2);
    expect(chosen).toHaveLength(2);
    supervisor = await openPage(browser);
    branch = await openPage(browser);
    await signIn(supervisor.page, server.url, 'supervisor');
    await signIn(branch.page, server.url, 'branch');
    await supervisor.page.waitForURL(`${server.url}/`);
    await branch.page.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('in order', () => {
    it('the supervisor ticks two items in the ledger list and issues a 督办单 for them', async () => {
      const { page } = supervisor;
      await page.goto(`${server.url}/items?orgId=${policeId}&status=issued,in_progress&sort=code&pageSize=100`);
      const table = page.getByTestId('items-table');
      for (const item of chosen) {
        const row = table.locator('.el-table__row', { hasText: item.code });
        await row.waitFor();
        await row.locator('.el-checkbox').click();
      }
      await expect.poll(() => page.getByTestId('bulk-bar').innerText()).toContain('已选择 2 项');

      await page.getByTestId('issue-notice').click();
      const dialog = page.getByTestId('notice-issue-dialog');
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain('将向 1 个单位各下发一份督办单');
      expect(await page.getByTestId('notice-issue-groups').innerText()).toContain('江川市公安局党委（2 项）');
      await dialog.locator('.el-radio-button', { hasText: '黄色督办' }).click();
      await page.getByTestId('notice-requirements').fill(REQUIREMENTS);
      await page.getByTestId('notice-issue-submit').click();

      await page.waitForURL(/\/notices\/\d+$/);
      noticeUrl = page.url();
      number = await page.getByTestId('notice-number').innerText();
      expect(number).toMatch(/^督办〔\d{4}〕\d+号$/);
      expect(await page.locator('.notice-page__title').innerText()).toContain('黄色督办');
      expect(await page.getByTestId('notice-requirements').innerText()).toBe(REQUIREMENTS);
      const items = await page.getByTestId('notice-items').innerText();
      for (const item of chosen) expect(items).toContain(item.code);
      expect(await page.getByTestId('notice-reply').innerText()).toContain('等待 江川市公安局党委 回复');

      // The selection is used up, and the list of notices shows the new one waiting for its reply.
      await page.goto(`${server.url}/notices`);
      const row = page.getByTestId('notices-table').locator('.el-table__row', { hasText: number });
      await expect.poll(() => row.innerText()).toContain('待回复');
      expect(await row.innerText()).toContain('2 项');
    });

    it('the branch finds the notice on its home page and replies to it', async () => {
      const { page } = branch;
      await page.reload();
      const waiting = page.getByTestId('notices-to-answer');
      await expect.poll(() => waiting.innerText()).toContain(number);
      expect(await waiting.innerText()).toContain(REQUIREMENTS);
      await waiting.getByText(number).click();
      await page.waitForURL(noticeUrl);
      await expect.poll(() => page.getByTestId('notice-items').innerText()).toContain(chosen[0]!.code);

      await page.getByTestId('notice-reply-submit').click();
      await expect.poll(() => page.getByTestId('notice-reply').innerText()).toContain('请填写回复内容');
      await page.getByTestId('notice-reply-input').fill(REPLY);
      await page.getByTestId('notice-reply-submit').click();
      await expect.poll(() => page.getByTestId('notice-reply-content').innerText()).toBe(REPLY);
      expect(await page.getByTestId('notice-reply').innerText()).toContain('王经办（公安局党委）');
      expect(await page.locator('.notice-page__title').innerText()).toContain('已回复');

      await page.goto(`${server.url}/`);
      await expect.poll(() => page.getByTestId('notices-to-answer').innerText()).toContain('没有待回复的督办单');
      expect(branch.errors).toEqual([]);
    });

    it('the supervisor sees the reply on the notice and in the list', async () => {
      const { page } = supervisor;
      await page.goto(noticeUrl);
      await expect.poll(() => page.getByTestId('notice-reply-content').innerText()).toBe(REPLY);
      expect(await page.getByTestId('notice-reply').innerText()).toContain('王经办（公安局党委） 于');
      await page.goto(`${server.url}/notices?status=replied`);
      const table = page.getByTestId('notices-table');
      await expect.poll(() => table.innerText()).toContain(number);
      expect(await table.locator('.el-table__row').count()).toBe(1);
      expect(await table.innerText()).toContain('已回复');
      expect(supervisor.errors).toEqual([]);
    });

    it('the supervisor issues red notices for every overdue item at once', async () => {
      const { page } = supervisor;
      await page.goto(`${server.url}/notices`);
      await page.getByTestId('notices-table').locator('.el-table__row').first().waitFor();
      await page.getByTestId('generate-red').click();
      await page.getByTestId('red-notice-form').waitFor();
      await page.getByTestId('red-notice-submit').click();
      await expect.poll(() => page.locator('.el-message--success').last().innerText()).toMatch(/已生成 \d+ 份红色督办单，涉及 \d+ 个逾期事项/);
      await expect.poll(() => page.getByTestId('notices-table').locator('.el-table__row').count()).toBeGreaterThan(1);
      expect(await page.getByTestId('notices-table').innerText()).toContain('红色督办');
    });
  });

  for (const [device, viewport] of Object.entries(viewports)) {
    it(`at ${device} size, the notices list and a notice render`, async () => {
      const { page, context, errors } = await openPage(browser, { viewport });
      await signIn(page, server.url, 'supervisor');
      await page.waitForURL(`${server.url}/`);
      await page.goto(`${server.url}/notices`);
      await page.locator(device === 'phone' ? '[data-testid="notices-cards"] .card' : '[data-testid="notices-table"] .el-table__row').first().waitFor();
      await shoot(page, `notices-list-${device}`);
      await page.goto(noticeUrl);
      await page.getByTestId('notice-reply-content').waitFor();
      await shoot(page, `notice-${device}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
