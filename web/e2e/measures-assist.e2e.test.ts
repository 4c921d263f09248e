import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { makePdf } from './support/files';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const TITLE = '党建经费使用不规范';
const MEASURES = ['制定党建经费使用办法，明确审批流程', '财政局机关党委配合逐笔核对近两年经费'];

/**
 * An item led by the police committee (主办) with finance assisting (协办): the assisting clerk finds it tagged and
 * reports on its part; the lead moves a measure on and requests closure with a reason for the one not done; the
 * supervisor decides with the paper-only warnings in view.
 */
describeE2E('measures that are tracked, and assisting organizations, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let itemId = 0;
  const errors: string[] = [];
  /** Each person in a browser of their own. */
  async function as(username: string): Promise<Page> {
    const opened = await openPage(browser);
    opened.page.on('pageerror', (err) => errors.push(err.message));
    await signIn(opened.page, server.url, username);
    await opened.page.waitForURL(`${server.url}/`);
    return opened.page;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const supervisor = await server.tokenOf('supervisor');
    const { items: orgs } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token: supervisor });
    const orgId = (name: string) => orgs.find((o) => o.name === name)!.id;
    const item = await server.api<{ id: number }>('/api/items', {
      method: 'POST',
      token: supervisor,
      body: {
        orgId: orgId('江川市公安局党委'),
        assistOrgIds: [orgId('江川市财政局机关党委')],
        source: 'review',
        title: TITLE,
        description: '部分支部党建经费报销凭证不全，使用范围把关不严。',
        measures: MEASURES.map((content) => ({ content })),
        deadline: addDays(server.today(), 30),
        type: 'deadline',
      },
    });
    itemId = item.id;
    const branch = await server.tokenOf('branch');
    await server.api(`/api/items/${itemId}/transitions`, { method: 'POST', token: branch, body: { action: 'start', version: 1 } });
    await server.uploadEvidence(branch, itemId, { name: '经费使用办法.pdf', content: await makePdf(browser, { title: '党建经费使用办法', lines: ['第一条 为规范党建经费使用……'] }), type: 'application/pdf' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the assisting clerk finds the item tagged 协办 in the ledger, reports progress labelled with its organization, and is offered no closure', async () => {
    const page = await as('branch2');
    await page.goto(`${server.url}/items`);
    const row = page.getByTestId('items-table').locator('.el-table__row', { hasText: TITLE });
    await row.waitFor();
    expect(await row.getByTestId('assist-tag').innerText()).toBe('协办');
    await shoot(page, 'measures-assist-list-desktop', { fullPage: false });

    await row.getByRole('link').first().click();
    await page.waitForURL(/\/items\/\d+$/);
    await page.getByTestId('progress-content').fill('已逐笔核对2025年党建经费，发现3笔凭证缺失，已反馈主办单位。');
    await page.getByTestId('progress-submit').click();
    await expect.poll(() => page.getByTestId('progress-list').innerText()).toContain('江川市财政局机关党委（协办）');
    expect(await page.locator('[data-testid="item-actions"] [data-action="request_closure"]').count()).toBe(0);
    // Its measures are shown with their state, not offered for change.
    expect(await page.getByTestId('measure-status-1').innerText()).toBe('未开始');
    expect(await page.locator('[data-testid="measure-status-1"].el-select').count()).toBe(0);
  });

  it('the lead moves a measure to 已完成 and requests closure; the measure not done needs a reason first', async () => {
    const page = await as('branch');
    await page.goto(`${server.url}/items/${itemId}`);
    await page.getByTestId('measure-status-1').click();
    await page.locator('.el-select__popper:visible').getByRole('option', { name: '已完成', exact: true }).click();
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toContain('措施状态已更新');
    // The owner is picked from the organization's users, and a file is uploaded as evidence of the second measure (the
    // first keeps none, for the warnings below).
    await page.getByTestId('measure-owner-1').click();
    await page.locator('.el-select__popper:visible .el-select-dropdown__item', { hasText: '王经办（公安局党委）' }).click();
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toContain('措施责任人已更新');
    await page.getByTestId('evidence-measure').click();
    await page.locator('.el-select__popper:visible .el-select-dropdown__item', { hasText: '第 2 项措施' }).click();
    const pdf = await makePdf(browser, { title: '党建经费报销凭证清单', lines: ['已补齐凭证'] });
    await page.getByTestId('evidence-input').setInputFiles({ name: '凭证清单.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => page.getByTestId('item-evidence').innerText()).toContain('第 2 项措施 · ');
    const history = page.getByTestId('item-history');
    await expect.poll(() => history.innerText()).toContain('更新整改措施');
    expect(await history.innerText()).toContain('状态 未开始 → 已完成');
    expect(await history.innerText()).not.toContain('measure_updated');
    await shoot(page, 'measures-evidence-desktop', { fullPage: false });
    await page.getByTestId('item-measures').scrollIntoViewIfNeeded();
    await shoot(page, 'measures-item-desktop', { fullPage: false });

    await page.locator('[data-testid="item-actions"] [data-action="request_closure"]').click();
    const dialog = page.getByTestId('action-dialog');
    await dialog.waitFor();
    const unfinished = dialog.getByTestId('unfinished-measures');
    expect(await unfinished.innerText()).toContain(MEASURES[1]);
    await dialog.getByTestId('action-comment').fill(`${MEASURES[0]}；${MEASURES[1]}。`);
    await page.getByTestId('action-submit').click();
    await expect.poll(() => unfinished.getByRole('alert').innerText()).toContain('第 2 项未完成的理由');
    // Element Plus puts the test id on the textarea itself.
    await dialog.locator('textarea[data-testid="unfinished-reason-2"], [data-testid="unfinished-reason-2"] textarea').fill('财政局机关党委核对完2024年部分后补报');
    await page.getByTestId('action-submit').click();
    await expect.poll(async () => (await server.api<{ status: string }>(`/api/items/${itemId}`, { token: await server.tokenOf('branch') })).status).toBe('closure_requested');
  });

  it('the supervisor sees the paper-only warnings in the approval dialog, each naming what it saw, and may still decide', async () => {
    const page = await as('supervisor');
    await page.goto(`${server.url}/items/${itemId}`);
    await page.locator('[data-testid="item-actions"] [data-action="approve_closure"]').click();
    const warnings = page.getByTestId('action-dialog').getByTestId('paper-warnings');
    await warnings.waitFor();
    const text = await warnings.innerText();
    expect(text).toContain(`第 1 项措施「${MEASURES[0]}」没有对应的佐证材料`);
    expect(text).toMatch(/销号说明有 \d+% 的内容与整改措施原文相同/);
    expect(text).toContain('申请销号前一天内上传');
    expect(await page.getByTestId('action-submit').isEnabled()).toBe(true);
    await shoot(page, 'measures-approval-warnings-desktop', { fullPage: false });

    // On a phone the item's actions live in another bar, so the desktop dialog is closed before the resize.
    await page.keyboard.press('Escape');
    await page.setViewportSize(viewports.phone);
    await page.goto(`${server.url}/items/${itemId}`);
    await page.getByTestId('item-measures').waitFor();
    await shoot(page, 'measures-item-phone');
    expect(errors).toEqual([]);
  });
});
