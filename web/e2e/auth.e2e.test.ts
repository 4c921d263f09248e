import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, menuItem, openPage, signIn } from './support/browser';
import { startServer, type TestServer } from './support/server';

const menu = (page: Page) => page.locator('.app-menu');
const menuLabels = async (page: Page) => (await menu(page).locator('.el-menu-item, .el-sub-menu__title').allInnerTexts()).map((text) => text.trim());

const toLogin = (redirect: string) => (url: URL) => url.pathname === '/login' && url.searchParams.get('redirect') === redirect;

// Every role reads the ledger pages (within its scope); only the administrator has 系统管理.
const ledgerMenu = ['工作台', '整改台账', '述职评议', '共性问题', '督办单', '回头看', '整改报告'];
const supervisorMenu = ['工作台', '整改台账', '述职评议', '共性问题', '督办单', '督办阶梯', '回头看', '整改报告'];

const demoUsers = [
  { username: 'admin', name: '系统管理员', org: '江川市直属机关工作委员会', menu: [...ledgerMenu, '系统管理', '组织机构', '用户管理', '审核层级', '问题类别', '系统设置', '工作日历', '登录方式', '通知渠道', '接口令牌', '操作日志', '登录日志'], orgCount: 14 },
  { username: 'supervisor', name: '李督办（工委组织科）', org: '江川市直属机关工作委员会', menu: supervisorMenu, orgCount: 14 },
  { username: 'branch', name: '王经办（公安局党委）', org: '江川市公安局党委', menu: ledgerMenu, orgCount: 3 },
  { username: 'branch2', name: '陈经办（财政局机关党委）', org: '江川市财政局机关党委', menu: ledgerMenu, orgCount: 1 },
  { username: 'viewer', name: '赵书记（工委领导）', org: '江川市直属机关工作委员会', menu: ledgerMenu, orgCount: 14 },
];

describeE2E('signing in and out', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(demoUsers)('when $username signs in, they see their name, organization and the menu of their role', async (user) => {
    const { page, context, errors } = await openPage(browser);
    await signIn(page, server.url, user.username);
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => page.locator('h1').first().innerText()).toBe(`您好，${user.name}`);
    await expect.poll(() => page.getByTestId('user-menu').innerText()).toContain(user.org);
    expect(await menuLabels(page)).toEqual(user.menu);
    // An organization's clerk lands on the organization's home (its items by light); the others see their scope.
    if (user.username.startsWith('branch')) await expect.poll(() => page.getByTestId('light-counts').innerText()).toContain('逾期');
    else await expect.poll(() => page.getByTestId('scope').locator('.stat--total .stat__value').innerText()).toBe(String(user.orgCount));
    const readOnly = page.locator('.app-header').getByText('只读', { exact: true });
    await expect.poll(() => readOnly.isVisible()).toBe(user.username === 'viewer');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('when the password is wrong, it says so in Chinese, stays on the login page and clears the password', async () => {
    const { page, context } = await openPage(browser);
    await signIn(page, server.url, 'branch', 'wrong-password');
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByPlaceholder('请输入密码').inputValue()).toBe('');
    await context.close();
  });

  it('in English, the page and its error messages are English, and the choice survives a reload', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('.card h1').innerText()).toBe('Sign in');
    await page.reload();
    await page.getByPlaceholder('Enter your username').fill('branch');
    await page.getByPlaceholder('Enter your password').fill('wrong-password');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Wrong username or password');
    await context.close();
  });

  it('when the fields are empty, Enter shows what is missing without calling the server', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByPlaceholder('请输入用户名').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.el-form-item__error').allInnerTexts()).toEqual(['请输入用户名', '请输入密码']);
    await context.close();
  });

  it('after a reload, the user is still signed in on the same page', async () => {
    const { page, context } = await openPage(browser);
    await signIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    await menuItem(page, '组织机构').click();
    await page.waitForURL(`${server.url}/system/orgs`);
    await page.reload();
    await expect.poll(() => page.locator('.el-tree').innerText()).toContain('江川市公安局党委');
    expect(new URL(page.url()).pathname).toBe('/system/orgs');
    await context.close();
  });

  it('on logout, the user returns to the login page and cannot go back in', async () => {
    const { page, context } = await openPage(browser);
    await signIn(page, server.url, 'supervisor');
    await page.waitForURL(`${server.url}/`);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.locator('.card').innerText()).toContain('您已安全退出');
    expect(await page.evaluate(() => [localStorage.getItem('rectify.accessToken'), localStorage.getItem('rectify.refreshToken')])).toEqual([null, null]);
    await page.goto(`${server.url}/items`);
    await page.waitForURL(toLogin('/items'));
    await context.close();
  });

  it('a deep link asks to sign in first, then opens the page that was asked for', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${server.url}/system/users`);
    await page.waitForURL(toLogin('/system/users'));
    await signIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/system/users`);
    await expect.poll(() => page.locator('.el-pagination__total').innerText()).toBe('共 5 条');
    await context.close();
  });

  it('when a leader opens an administration page by its address, they are refused', async () => {
    const { page, context } = await openPage(browser);
    await signIn(page, server.url, 'viewer');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/system/users`);
    await page.waitForURL(`${server.url}/forbidden`);
    await expect.poll(() => page.locator('.el-result').innerText()).toContain('您的角色无权访问此页面');
    await context.close();
  });
});
