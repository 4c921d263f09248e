import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn } from './support/browser';
import { makePdf, makePng } from './support/files';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const DESCRIPTION = '支部“三会一课”记录不完整，党课次数未达到要求，组织生活会查摆问题不具体。';
const TITLE = '“三会一课”制度落实不规范';

/**
 * One item's way through the closure workflow in two browsers, the committee's and the organization's: recorded,
 * worked on with progress and evidence, applied for, sent back with a reason, fixed, applied for again, closed.
 */
describeE2E('an item from issue to closure, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let supervisor: { page: Page; context: BrowserContext; errors: string[] };
  let branch: { page: Page; context: BrowserContext; errors: string[] };
  let itemUrl = '';
  let deadline = '';

  const statusOf = (page: Page) => page.locator('.item-page__tags [data-status]').getAttribute('data-status');
  const history = (page: Page) => page.getByTestId('item-history').innerText();

  async function act(page: Page, action: string, comment?: string) {
    await page.locator(`[data-testid="item-actions"] [data-action="${action}"]`).click();
    const dialog = page.getByTestId('action-dialog');
    await dialog.waitFor();
    if (comment !== undefined) await dialog.getByTestId('action-comment').fill(comment);
    await page.getByTestId('action-submit').click();
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    deadline = addDays(server.today(), 2);
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
    it('the supervisor records a problem for the police committee with the 新建事项 form', async () => {
      const { page } = supervisor;
      await page.goto(`${server.url}/items`);
      await expect.poll(() => page.getByTestId('items-table').innerText()).toContain('还没有整改事项');
      await page.getByTestId('create-item').click();
      const form = page.getByTestId('item-form');
      await form.waitFor();

      await form.locator('.el-form-item', { hasText: '所属单位' }).locator('.el-select__wrapper').click();
      await page.locator('.el-tree-select__popper:visible').getByRole('option', { name: '江川市公安局党委', exact: true }).click();
      await form.locator('.el-form-item', { hasText: '问题类别' }).locator('.el-select__wrapper').click();
      await page.locator('.el-select__popper:visible').getByRole('option', { name: '组织建设', exact: true }).click();
      await form.getByPlaceholder('选择整改时限').fill(deadline);
      await page.keyboard.press('Enter');
      await form.getByPlaceholder('具体写明存在的问题及其表现').fill(DESCRIPTION);
      await form.getByPlaceholder('不填则取问题描述的第一句').fill(TITLE);
      await form.getByTestId('add-measure').click();
      // The new measure takes the focus: the keyboard goes on from there.
      await page.keyboard.type('每季度检查各支部“三会一课”记录，通报检查结果');
      await form.locator('.el-form-item', { hasText: '责任领导' }).locator('input').fill('张明');
      await form.locator('.el-form-item', { hasText: /^责任人/ }).locator('input').fill('李华');
      await page.keyboard.press('Control+Enter');

      await page.waitForURL(/\/items\/\d+$/);
      itemUrl = page.url();
      await expect.poll(() => page.getByTestId('item-title').innerText()).toBe(TITLE);
      expect(await page.getByTestId('item-code').innerText()).toMatch(/^\d{4}-公安-\d{3}$/);
      expect(await statusOf(page)).toBe('issued');
      const facts = await page.getByTestId('item-facts').innerText();
      expect(facts).toContain('江川市公安局党委');
      expect(facts).toContain('组织建设');
      expect(facts).toContain(deadline);
      expect(await page.getByTestId('item-measures').innerText()).toContain('每季度检查各支部“三会一课”记录');
    });

    it('the branch finds it among the deadlines coming up, records progress, uploads a PDF it can read in the viewer, and applies for closure', async () => {
      const { page } = branch;
      await page.reload();
      const upcoming = page.getByTestId('upcoming-items');
      await expect.poll(() => upcoming.innerText()).toContain(TITLE);
      await upcoming.getByText(TITLE).click();
      await page.waitForURL(itemUrl);

      await page.getByTestId('progress-content').fill('已召开支委会专题研究，逐个支部补齐“三会一课”记录。');
      await page.getByTestId('progress-percent').locator('input').fill('60');
      await page.getByTestId('progress-submit').click();
      await expect.poll(() => page.getByTestId('progress-list').innerText()).toContain('逐个支部补齐“三会一课”记录');
      expect(await page.getByTestId('progress-list').innerText()).toContain('60%');
      await expect.poll(() => statusOf(page)).toBe('in_progress');

      const pdf = await makePdf(browser, { title: '支部委员会会议记录', lines: ['会议研究了“三会一课”记录整改工作。', '各支部书记逐一说明整改措施。'] });
      await page.getByTestId('evidence-input').setInputFiles({ name: '支部会议记录.pdf', mimeType: 'application/pdf', buffer: pdf });
      const evidence = page.getByTestId('evidence-list');
      await expect.poll(() => evidence.innerText()).toContain('支部会议记录.pdf');

      await evidence.getByRole('button', { name: '查看 支部会议记录.pdf' }).click();
      const viewer = page.getByTestId('evidence-viewer');
      await expect.poll(() => viewer.getByTestId('pdf-pages').innerText()).toBe('第 1 / 1 页');
      await expect.poll(() => viewer.getByTestId('pdf-canvas').getAttribute('data-rendered')).toBe('1');
      // The page was drawn: the canvas holds dark (text) pixels, not only white.
      const inked = await viewer.getByTestId('pdf-canvas').evaluate((canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i]! < 100 && data[i + 1]! < 100 && data[i + 2]! < 100) dark += 1;
        return dark;
      });
      expect(inked).toBeGreaterThan(200);
      expect(page.url()).toBe(itemUrl);
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'hidden' });

      // A closure request needs every measure done: the clerk marks the one measure 已完成.
      await page.getByTestId('measure-status-1').click();
      await page.locator('.el-select__popper:visible').getByRole('option', { name: '已完成', exact: true }).click();
      await expect.poll(() => page.getByTestId('measure-1').innerText()).toContain('已完成');
      // The server's answer is in before the next step (a step waits while another change runs).
      await expect.poll(() => page.locator('.el-message--success').last().innerText()).toContain('措施状态已更新');
      await act(page, 'request_closure', '已按要求完成整改，各支部记录已补齐。');
      await expect.poll(() => statusOf(page)).toBe('closure_requested');
      expect(await page.locator('.item-page__banner').first().innerText()).toContain('已申请销号，等待审核');
      expect(await page.getByTestId('item-completion').innerText()).toBe('已按要求完成整改，各支部记录已补齐。');
      expect(await page.getByTestId('evidence-drop').count()).toBe(0);
    });

    it('the supervisor sends it back with a reason; a change made meanwhile elsewhere is caught and reloaded first', async () => {
      const { page } = supervisor;
      await page.goto(itemUrl);
      await expect.poll(() => statusOf(page)).toBe('closure_requested');
      expect(await page.getByTestId('evidence-list').innerText()).toContain('支部会议记录.pdf');

      // Another supervisor changes the item after this page loaded it.
      const token = await server.tokenOf('supervisor');
      const id = Number(itemUrl.split('/').pop());
      const current = await server.api<{ version: number }>(`/api/items/${id}`, { token });
      await server.api(`/api/items/${id}`, { method: 'PATCH', token, body: { version: current.version, remarks: '请同步报送党委组织部' } });

      await act(page, 'reject_closure', '会议记录缺少签到表，请补充后重新申请。');
      const stale = page.getByTestId('stale-version');
      await expect.poll(() => stale.innerText()).toContain('该事项已被他人修改');
      expect(await statusOf(page)).toBe('closure_requested');
      await stale.getByTestId('stale-reload').click();
      await stale.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('item-facts').innerText()).toContain('请同步报送党委组织部');

      // What was typed is still there: only the button is clicked again.
      await page.locator('[data-testid="item-actions"] [data-action="reject_closure"]').click();
      expect(await page.getByTestId('action-comment').inputValue()).toBe('会议记录缺少签到表，请补充后重新申请。');
      await page.getByTestId('action-submit').click();
      await expect.poll(() => statusOf(page)).toBe('in_progress');
      await expect.poll(() => history(page)).toContain('会议记录缺少签到表，请补充后重新申请。');
      expect(await page.getByTestId('item-history').locator('[data-action]').first().innerText()).toContain('退回');
    });

    it('the branch sees the reason on its home page and on the item, adds the missing record and applies again', async () => {
      const { page } = branch;
      await page.goto(`${server.url}/`);
      const returned = page.getByTestId('returned-items');
      await expect.poll(() => returned.innerText()).toContain(TITLE);
      expect(await returned.getByTestId('returned-reason').innerText()).toBe('会议记录缺少签到表，请补充后重新申请。');
      expect(await returned.innerText()).toContain('李督办（工委组织科）');

      await returned.getByText(TITLE).click();
      await page.waitForURL(itemUrl);
      await expect.poll(() => page.getByTestId('returned-banner').innerText()).toContain('会议记录缺少签到表，请补充后重新申请。');

      const photo = await makePng(browser, '会议签到表');
      await page.getByTestId('evidence-input').setInputFiles({ name: '签到表.png', mimeType: 'image/png', buffer: photo });
      const evidence = page.getByTestId('evidence-list');
      await expect.poll(() => evidence.locator('img').count()).toBe(1);
      expect(await evidence.innerText()).toContain('签到表.png');

      await page.getByTestId('progress-content').fill('已补充各支部会议签到表。');
      await page.getByTestId('progress-submit').click();
      await expect.poll(() => page.getByTestId('progress-list').innerText()).toContain('已补充各支部会议签到表。');

      await act(page, 'request_closure', '已补充签到表，整改完成。');
      await expect.poll(() => statusOf(page)).toBe('closure_requested');
      expect(await page.getByTestId('returned-banner').count()).toBe(0);
    });

    it('the supervisor closes it; the ledger shows it closed', async () => {
      const { page } = supervisor;
      await page.goto(itemUrl);
      await expect.poll(() => page.getByTestId('item-completion').innerText()).toBe('已补充签到表，整改完成。');
      await act(page, 'approve_closure', '材料齐全，同意销号。');
      await expect.poll(() => statusOf(page)).toBe('closed');
      expect(await page.getByTestId('no-actions').innerText()).toBe('当前没有需要您办理的操作');
      expect(await page.getByTestId('item-facts').innerText()).toContain('按期销号');

      await page.goto(`${server.url}/items?status=closed`);
      const table = page.getByTestId('items-table');
      await expect.poll(() => table.innerText()).toContain(TITLE);
      expect(await table.locator('[data-status]').first().getAttribute('data-status')).toBe('closed');
      expect(supervisor.errors).toEqual([]);
      expect(branch.errors).toEqual([]);
    });
  });
});
