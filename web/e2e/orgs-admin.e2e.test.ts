import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

/** 组织管理 without a developer: add, rename, move from the keyboard, and delete, with the refusals in Chinese. */
describeE2E('administering organizations in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ({ page, errors } = await openPage(browser));
    await signIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/system/orgs`);
    await page.locator('.el-tree').getByText('江川市直属机关工作委员会', { exact: true }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const tree = () => page.locator('.el-tree');
  const detail = () => page.locator('.orgs__detail');
  const select = async (name: string) => {
    await tree().getByText(name, { exact: true }).click();
    await expect.poll(() => detail().innerText()).toContain(name);
  };

  it('adds a 党组 under the committee, with its counts shown, and renames it', async () => {
    await select('江川市直属机关工作委员会');
    await page.getByTestId('org-add').click();
    const dialog = page.getByTestId('org-dialog');
    await dialog.waitFor();
    await page.getByTestId('org-name').fill('江川市审计局党组');
    await page.getByTestId('org-short-name').fill('审计局');
    await dialog.locator('.el-radio-button', { hasText: '党组' }).click();
    await page.getByTestId('org-save').click();
    await expect.poll(() => tree().innerText()).toContain('江川市审计局党组');
    await expect.poll(() => detail().innerText()).toContain('江川市审计局党组');
    expect(await detail().innerText()).toMatch(/用户数\s*0/);

    await page.getByTestId('org-edit').click();
    await page.getByTestId('org-name').fill('江川市审计局机关党委');
    await page.getByTestId('org-dialog').locator('.el-radio-button', { hasText: /^\s*党委\s*$/ }).click();
    await page.getByTestId('org-save').click();
    await expect.poll(() => tree().innerText()).toContain('江川市审计局机关党委');
    await shoot(page, 'orgs-admin-desktop');
  });

  it('moves it under another organization from the keyboard alone', async () => {
    await select('江川市审计局机关党委');
    await page.getByTestId('org-move').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('org-move-dialog').waitFor();
    // The dialog hands the focus to its picker once it has opened: type only then, as a person would.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="org-move-dialog"] .el-select') != null)).toBe(true);
    await page.keyboard.type('财政局');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('org-move-submit').isEnabled()).toBe(true);
    await page.getByTestId('org-move-submit').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('org-moved').innerText()).toContain('江川市财政局机关党委');
    const token = await server.tokenOf('admin');
    const { items } = await server.api<{ items: { name: string; parentId: number | null; id: number }[] }>('/api/orgs', { token });
    const moved = items.find((o) => o.name === '江川市审计局机关党委')!;
    expect(items.find((o) => o.id === moved.parentId)!.name).toBe('江川市财政局机关党委');
  });

  it('refuses to delete an organization that still holds users and items, and deletes an empty one', async () => {
    await select('江川市公安局党委');
    await page.getByTestId('org-delete').click();
    const box = page.locator('.el-message-box');
    await box.waitFor();
    expect(await box.innerText()).toMatch(/不能删除/);
    expect(await box.innerText()).toMatch(/\d+ 个用户/);
    await box.getByRole('button', { name: '知道了' }).click();
    expect(await tree().innerText()).toContain('江川市公安局党委');

    await select('江川市审计局机关党委');
    await page.getByTestId('org-delete').click();
    await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
    await expect.poll(() => tree().innerText()).not.toContain('江川市审计局机关党委');
  });

  it('shows the page on a phone with the actions in reach', async () => {
    await page.setViewportSize(viewports.phone);
    await select('江川市财政局机关党委');
    const add = await page.getByTestId('org-add').boundingBox();
    expect(add!.height).toBeGreaterThanOrEqual(40);
    await shoot(page, 'orgs-admin-phone');
    await page.setViewportSize(viewports.desktop);
    expect(errors).toEqual([]);
  });
});
