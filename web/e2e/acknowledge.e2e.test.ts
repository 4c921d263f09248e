import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const SIGNED = '党员发展工作程序执行不严格，个别发展对象培养考察记录缺失。';
const OBJECTED = '单位财务报销审批流程不规范，部分票据审核把关不严。';

/**
 * 签收与异议 across three browsers: the police committee's clerk signs for one new item and objects to another as not
 * theirs; the supervisor reads the objection and transfers the item to the finance bureau, whose clerk, on a phone,
 * finds it waiting for 签收; the police clerk no longer sees it.
 */
describeE2E('签收与异议, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let clerk: Page;
  let supervisor: Page;
  const ids: { signed: number; objected: number } = { signed: 0, objected: 0 };

  const statusOf = (page: Page) => page.locator('.item-page__tags [data-status]').getAttribute('data-status');
  const actionButton = (page: Page, action: string) => page.locator(`[data-testid="item-actions"] [data-action="${action}"]`);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const token = await server.tokenOf('supervisor');
    const orgs = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token });
    const police = orgs.items.find((o) => o.name === '江川市公安局党委')!.id;
    const create = (description: string) =>
      server.api<{ id: number }>('/api/items', { method: 'POST', token, body: { orgId: police, source: 'review', description, deadline: '2027-06-30', type: 'deadline' } });
    ids.signed = (await create(SIGNED)).id;
    ids.objected = (await create(OBJECTED)).id;
    clerk = (await openPage(browser)).page;
    supervisor = (await openPage(browser)).page;
    await signIn(clerk, server.url, 'branch');
    await signIn(supervisor, server.url, 'supervisor');
    await clerk.waitForURL(`${server.url}/`);
    await supervisor.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('in order', () => {
    it('the clerk finds both new items 待签收 in the list and signs for one (签收)', async () => {
      await clerk.goto(`${server.url}/items?status=issued`);
      const table = clerk.getByTestId('items-table');
      await expect.poll(() => table.innerText()).toContain('党员发展工作程序执行不严格');
      expect(await table.innerText()).toContain('待签收');

      await clerk.goto(`${server.url}/items/${ids.signed}`);
      await expect.poll(() => statusOf(clerk)).toBe('issued');
      expect(await clerk.getByTestId('acknowledge-banner').innerText()).toMatch(/待签收：请于 \d{4}-\d{2}-\d{2} 前签收/);
      await actionButton(clerk, 'start').click();
      await clerk.getByTestId('action-dialog').waitFor();
      await clerk.getByTestId('action-submit').click();
      await expect.poll(() => statusOf(clerk)).toBe('in_progress');
      expect(await clerk.getByTestId('item-history').innerText()).toContain('签收');
    });

    it('the clerk objects to the other as not theirs: the kind and the reason are asked for, then the item is 有异议', async () => {
      await clerk.goto(`${server.url}/items/${ids.objected}`);
      await expect.poll(() => statusOf(clerk)).toBe('issued');
      await actionButton(clerk, 'object').click();
      const dialog = clerk.getByTestId('action-dialog');
      await dialog.waitFor();
      await clerk.getByTestId('action-submit').click();
      await expect.poll(() => dialog.innerText()).toContain('请选择异议类型');
      await dialog.locator('[data-kind="not_ours"]').click();
      await dialog.getByTestId('action-comment').fill('财务报销审批属于财政局机关党委的工作，本单位无此项职能。');
      await shoot(clerk, 'acknowledge-object-1440', { fullPage: false });
      await clerk.getByTestId('action-submit').click();
      await expect.poll(() => statusOf(clerk)).toBe('objected');
      const banner = await clerk.getByTestId('objection-banner').innerText();
      expect(banner).toContain('本单位提出异议（不属于本单位）');
      expect(banner).toContain('本单位无此项职能');
      expect(await actionButton(clerk, 'start').count()).toBe(0);
    });

    it('the supervisor reads the objection and transfers the item to the finance bureau', async () => {
      // The dashboard counts the objection to decide, beside what still waits for 签收.
      await supervisor.goto(`${server.url}/`);
      const card = supervisor.getByTestId('dashboard-acknowledge');
      await expect.poll(() => card.getByTestId('acknowledge-objected').innerText()).toContain('1');
      expect(await card.innerText()).toContain('逾期未签收');
      await card.scrollIntoViewIfNeeded();
      await shoot(supervisor, 'acknowledge-dashboard-1440', { fullPage: false });
      await card.getByTestId('acknowledge-objected').click();
      await supervisor.waitForURL(/status=objected/);
      await expect.poll(() => supervisor.getByTestId('items-table').innerText()).toContain('财务报销审批流程不规范');
      await supervisor.goto(`${server.url}/items/${ids.objected}`);
      await expect.poll(() => statusOf(supervisor)).toBe('objected');
      expect(await supervisor.getByTestId('objection-banner').innerText()).toContain('该单位提出异议（不属于本单位）');
      await actionButton(supervisor, 'transfer').click();
      const dialog = supervisor.getByTestId('action-dialog');
      await dialog.waitFor();
      expect(await dialog.getByTestId('action-objection').innerText()).toContain('本单位无此项职能');
      await dialog.locator('.el-select__wrapper').click();
      await supervisor.locator('.el-tree-select__popper:visible').getByRole('option', { name: '江川市财政局机关党委', exact: true }).click();
      await dialog.getByTestId('action-comment').fill('经核实属财政局机关党委职责，转其办理。');
      await shoot(supervisor, 'acknowledge-transfer-1440', { fullPage: false });
      await supervisor.getByTestId('action-submit').click();
      await expect.poll(() => statusOf(supervisor)).toBe('issued');
      expect(await supervisor.locator('.item-page__org').innerText()).toBe('江川市财政局机关党委');
      const history = await supervisor.getByTestId('item-history').innerText();
      expect(history).toContain('转办');
      expect(history).toContain('提出异议');
    });

    it('the finance clerk, on a phone, finds it 待签收 and may sign for it; the police clerk no longer sees it', async () => {
      const phone = (await openPage(browser, { viewport: viewports.phone })).page;
      await signIn(phone, server.url, 'branch2');
      await phone.waitForURL(`${server.url}/`);
      await phone.goto(`${server.url}/items?status=issued`);
      await expect.poll(() => phone.locator('main').innerText()).toContain('单位财务报销审批流程不规范');
      await phone.goto(`${server.url}/items/${ids.objected}`);
      await expect.poll(() => statusOf(phone)).toBe('issued');
      expect(await phone.getByTestId('acknowledge-banner').innerText()).toContain('待签收');
      expect(await actionButton(phone, 'start').isVisible()).toBe(true);
      expect(await actionButton(phone, 'object').isVisible()).toBe(true);
      await shoot(phone, 'acknowledge-waiting-390');

      await clerk.goto(`${server.url}/items/${ids.objected}`);
      await expect.poll(() => clerk.locator('main').innerText()).toContain('事项不存在，或不在您的管辖范围内');
    });
  });
});
