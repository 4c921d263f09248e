import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSlapd, type Slapd } from '../../server/src/test/slapd';
import { describeE2E, launchBrowser, openPage, signIn } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const LABEL = '统一目录账号';
const DIRECTORY_PASSWORD = 'Directory-Pass-1';
// With CI=true a missing slapd fails in startSlapd rather than skipping the block.
const describeDirectory = existsSync('/usr/sbin/slapd') || process.env.CI === 'true' ? describeE2E : describe.skip;

/**
 * The administrator points 登录方式 → 目录登录 at a directory (slapd started here), tests the connection and saves;
 * a clerk then signs in on the sign-in page's directory tab with the directory's password.
 */
describeDirectory('directory (LDAP) sign-in, in the browser', () => {
  let slapd: Slapd;
  let server: TestServer;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    [slapd, server, browser] = await Promise.all([startSlapd({ users: [{ uid: 'branch', password: DIRECTORY_PASSWORD }] }), startServer(), launchBrowser()]);
    ({ page: admin } = await openPage(browser, { viewport: { width: 1366, height: 900 } }));
    await signIn(admin, server.url, 'admin');
    await admin.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await slapd?.stop();
  });

  it('the administrator fills in the directory, tests the connection in Chinese and saves', async () => {
    await admin.goto(`${server.url}/system/sign-in`);
    const panel = admin.getByTestId('ldap-settings');
    await panel.getByTestId('ldap-url').waitFor();
    await panel.getByTestId('ldap-enabled').click();
    await panel.getByTestId('ldap-label').fill(LABEL);
    await panel.getByTestId('ldap-url').fill(slapd.url);
    await panel.getByTestId('ldap-bind-dn').fill(slapd.bindDn);
    await panel.getByTestId('ldap-bind-password').fill('wrong-password');
    await panel.getByTestId('ldap-search-base').fill(slapd.searchBase);
    await panel.getByTestId('ldap-test').click();
    await expect.poll(() => panel.getByTestId('ldap-test-result').innerText()).toContain('服务账号绑定失败');
    await panel.getByTestId('ldap-bind-password').fill(slapd.bindPassword);
    await panel.getByTestId('ldap-test').click();
    await expect.poll(() => panel.getByTestId('ldap-test-result').innerText()).toContain('连接成功');
    await panel.getByTestId('ldap-save').click();
    await admin.getByText('目录登录设置已保存').waitFor();
    await expect.poll(() => panel.getByTestId('ldap-bind-password').getAttribute('placeholder')).toBe('已保存，留空则保持不变');
    await panel.scrollIntoViewIfNeeded();
    await shoot(admin, 'sign-in-ldap-settings-1366');
  });

  it('on a phone the directory panel stacks its fields in one column', async () => {
    const { page } = await openPage(browser, { viewport: { width: 390, height: 844 } });
    await signIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/system/sign-in`);
    await page.getByTestId('ldap-url').waitFor();
    expect(await page.getByTestId('ldap-url').inputValue()).toBe(slapd.url);
    await shoot(page, 'sign-in-ldap-settings-390');
    await page.context().close();
  });

  for (const width of [1366, 390]) {
    it(`a clerk signs in on the directory tab with the directory password (${width} px)`, async () => {
      const { page, errors } = await openPage(browser, { viewport: { width, height: width > 500 ? 900 : 844 } });
      await page.goto(`${server.url}/login`);
      await page.getByRole('tab', { name: LABEL }).click();
      const form = page.locator('form:visible');
      await form.getByPlaceholder('请输入用户名').fill('branch');
      await form.getByPlaceholder('请输入密码').fill('not-the-password');
      await form.getByPlaceholder('请输入密码').press('Enter');
      await page.getByText('用户名或密码错误').waitFor();
      await shoot(page, `sign-in-ldap-login-${width}`);
      await form.getByPlaceholder('请输入密码').fill(DIRECTORY_PASSWORD);
      await form.getByPlaceholder('请输入密码').press('Enter');
      await page.waitForURL(`${server.url}/`);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
