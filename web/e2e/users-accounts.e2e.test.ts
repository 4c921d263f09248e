import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const laptop = { width: 1366, height: 800 };

describeE2E('user management and one\'s own account', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  let temporaryPassword = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ({ page: admin } = await openPage(browser, { viewport: laptop }));
    await signIn(admin, server.url, 'admin');
    await admin.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function fillUserForm(page: Page, { username, displayName, role, org }: { username: string; displayName: string; role: string; org: string }) {
    await page.getByTestId('user-create').click();
    const dialog = page.getByTestId('user-form-dialog');
    await dialog.locator('input[name="username"]').fill(username);
    await dialog.locator('input[name="displayName"]').fill(displayName);
    await dialog.getByTestId('user-role').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: role }).click();
    await dialog.getByTestId('user-org').click();
    await page.locator('.el-tree-node__content:visible', { hasText: org }).first().click();
    await dialog.locator('input[name="phone"]').fill('13800000001');
    return dialog;
  }

  it('the administrator creates a clerk and is shown the temporary password once', async () => {
    await admin.goto(`${server.url}/system/users`);
    await expect.poll(() => admin.locator('.el-pagination__total').innerText()).toBe('共 5 条');
    await shoot(admin, 'users-1366');
    const dialog = await fillUserForm(admin, { username: 'clerk.e2e', displayName: '周经办', role: '党组织经办人', org: '江川市财政局机关党委' });
    await shoot(admin, 'users-create-1366', { fullPage: false });
    await dialog.getByTestId('user-form-submit').click();
    const shown = admin.getByTestId('temporary-password');
    await shown.waitFor();
    temporaryPassword = (await shown.innerText()).trim();
    expect(temporaryPassword).toMatch(/^[A-Za-z\d]{12}$/);
    await shoot(admin, 'users-temporary-password-1366', { fullPage: false });
    await admin.getByRole('button', { name: '我已记下，关闭' }).click();
    await expect.poll(() => admin.locator('.el-pagination__total').innerText()).toBe('共 6 条');
    const row = admin.locator('.el-table__body tbody tr', { hasText: 'clerk.e2e' }).first();
    expect(await row.innerText()).toContain('待改密');
  });

  it('a taken username is refused with a clear Chinese message and the dialog stays open', async () => {
    const dialog = await fillUserForm(admin, { username: 'branch', displayName: '重复的人', role: '领导（只读）', org: '江川市财政局机关党委' });
    await dialog.getByTestId('user-form-submit').click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('用户名已被使用');
    await admin.getByRole('button', { name: '取消' }).click();
  });

  it('the clerk signs in with the temporary password, must change it first, is refused a weak one and then reaches the home page', async () => {
    const { page: clerk, context, errors } = await openPage(browser, { viewport: laptop });
    await signIn(clerk, server.url, 'clerk.e2e', temporaryPassword);
    await clerk.waitForURL(`${server.url}/password-change`);
    await clerk.getByText('账号：周经办（clerk.e2e）').waitFor();
    // Nothing else opens before the change.
    await clerk.goto(`${server.url}/items`);
    await clerk.waitForURL(/\/password-change\?redirect=%2Fitems|\/password-change\?redirect=\/items/);
    await shoot(clerk, 'password-change-forced-1366');
    await clerk.setViewportSize(viewports.phone);
    await shoot(clerk, 'password-change-forced-390');
    await clerk.setViewportSize(laptop);

    const fill = async (next: string) => {
      await clerk.locator('input[name="old-password"]').fill(temporaryPassword);
      await clerk.locator('input[name="new-password"]').fill(next);
      await clerk.locator('input[name="confirm-password"]').fill(next);
      await clerk.getByRole('button', { name: '设置新密码并进入系统' }).click();
    };
    await fill('short9');
    await expect.poll(() => clerk.locator('.el-form-item__error').first().innerText()).toBe('新密码至少 10 个字符');
    await fill('clerk.e2e-2026');
    await expect.poll(() => clerk.locator('.el-form-item__error').first().innerText()).toBe('新密码不能包含用户名');

    await fill('Harbour-Lights-2026');
    await clerk.waitForURL(`${server.url}/items`);
    await clerk.goto(`${server.url}/`);
    await clerk.getByTestId('user-menu').waitFor();
    expect(await clerk.getByTestId('user-menu').innerText()).toContain('周经办');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('修改密码 and 个人信息 open from the avatar menu', async () => {
    await admin.goto(`${server.url}/`);
    await admin.getByTestId('user-menu').click();
    await admin.getByTestId('menu-profile').click();
    await admin.waitForURL(`${server.url}/account/profile`);
    await admin.locator('input[name="displayName"]').waitFor();
    await shoot(admin, 'account-profile-1366');
    await admin.getByTestId('user-menu').click();
    await admin.getByTestId('menu-password').click();
    await admin.waitForURL(`${server.url}/account/password`);
    await admin.getByTestId('password-rule').waitFor();
    await shoot(admin, 'account-password-1366');
  });

  it('at phone size, the user list, the dialog and the account pages fit', async () => {
    const { page, context, errors } = await openPage(browser, { viewport: viewports.phone });
    await signIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/system/users`);
    await expect.poll(() => page.locator('.el-pagination__total').innerText()).toBe('共 6 条');
    await shoot(page, 'users-390');
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-dialog').locator('input[name="username"]').waitFor();
    await shoot(page, 'users-create-390', { fullPage: false });
    await page.getByRole('button', { name: '取消' }).click();
    await page.goto(`${server.url}/account/password`);
    await page.getByTestId('password-rule').waitFor();
    await shoot(page, 'account-password-390');
    await page.goto(`${server.url}/account/profile`);
    await page.locator('input[name="displayName"]').waitFor();
    await shoot(page, 'account-profile-390');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await context.close();
  });
});
