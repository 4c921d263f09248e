import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, menuItem, networkQuiet, openPage, signIn } from './support/browser';
import { startServer, type TestServer } from './support/server';

// Access tokens live two seconds here, so a test can outlive one.
const ACCESS_TTL_SECONDS = 2;
const outliveAccessToken = () => new Promise((resolve) => setTimeout(resolve, (ACCESS_TTL_SECONDS + 1.5) * 1000));
const storedTokens = (page: Page) => page.evaluate(() => [localStorage.getItem('rectify.accessToken'), localStorage.getItem('rectify.refreshToken')]);

describeE2E('keeping and losing the session', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ accessTokenTtlSeconds: ACCESS_TTL_SECONDS }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Ends every session of the account, as a logout on another device does. */
  async function endSessionsElsewhere(username: string) {
    await server.api('/api/auth/logout', { method: 'POST', body: {}, token: await server.tokenOf(username) });
  }

  it('when the access token has expired, the next page refreshes it without the user noticing', async () => {
    const { page, context, errors } = await openPage(browser);
    await signIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    const [accessBefore, refreshBefore] = await storedTokens(page);
    await outliveAccessToken();
    await menuItem(page, '用户管理').click();
    await expect.poll(() => page.locator('.el-pagination__total').innerText()).toBe('共 5 条');
    const [accessAfter, refreshAfter] = await storedTokens(page);
    expect(accessAfter).not.toBe(accessBefore);
    expect(refreshAfter).not.toBe(refreshBefore);
    expect(new URL(page.url()).pathname).toBe('/system/users');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('after a reload with an expired access token, the session is restored through the refresh token', async () => {
    const { page, context } = await openPage(browser);
    await signIn(page, server.url, 'branch');
    await page.waitForURL(`${server.url}/`);
    await outliveAccessToken();
    await page.reload();
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('您好，王经办（公安局党委）');
    await context.close();
  });

  it('when the account was signed out elsewhere, the next request sends the user to sign in again', async () => {
    const { page, context } = await openPage(browser);
    await signIn(page, server.url, 'supervisor');
    await page.waitForURL(`${server.url}/`);
    // The ledger loads its list and the filters' choices; the session ends after that, while the page is idle.
    const idle = networkQuiet(page);
    await menuItem(page, '整改台账').click();
    await page.waitForURL(`${server.url}/items`);
    await idle;
    await endSessionsElsewhere('supervisor');
    // The next request ends it: the user's click, or the bell's poll for notifications when that comes first (the
    // menu is then gone before the click lands).
    await menuItem(page, '工作台').click({ timeout: 10_000 }).catch(() => undefined);
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('reason') === 'expired');
    await expect.poll(() => page.locator('.card').innerText()).toContain('登录状态已失效，请重新登录');
    expect(await storedTokens(page)).toEqual([null, null]);
    await context.close();
  });

  it('when the refresh is refused, the user is signed out and comes back to the same page after signing in', async () => {
    const { page, context } = await openPage(browser);
    await signIn(page, server.url, 'viewer');
    await page.waitForURL(`${server.url}/`);
    await menuItem(page, '整改报告').click();
    await page.waitForURL(`${server.url}/reports`);
    await outliveAccessToken();
    await endSessionsElsewhere('viewer');
    await page.reload();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/reports');
    expect(await storedTokens(page)).toEqual([null, null]);
    await signIn(page, server.url, 'viewer');
    await page.waitForURL(`${server.url}/reports`);
    await context.close();
  });
});
