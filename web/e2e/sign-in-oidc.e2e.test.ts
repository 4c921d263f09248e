import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestProvider, testClient } from '../../server/src/test/oidc-provider';
import { describeE2E, launchBrowser, openPage, signIn } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const desktop = { width: 1366, height: 900 };
const phone = { width: 390, height: 844 };
const LABEL = '统一身份认证登录';

/**
 * Single sign-on end to end: the administrator sets it up in 系统管理 → 登录方式 against a real OpenID provider
 * (oidc-provider, started here), a clerk signs in through the provider's own login page, and a disabled account is
 * sent back to the sign-in page with the reason in Chinese and no session.
 */
describeE2E('single sign-on with OpenID Connect, in the browser', () => {
  let server: TestServer;
  let provider: Awaited<ReturnType<typeof startTestProvider>>;
  let browser: Browser;
  let admin: Page;

  /** A fresh browser (no session here or at the provider) that clicks the button and signs in as `login` there. */
  async function throughProvider(login: string, viewport = desktop) {
    const { page, errors } = await openPage(browser, { viewport });
    // The provider's development login page imports a web font; the test machine has no Internet to fetch it from.
    await page.context().route(/^https:\/\/fonts\./, (route) => route.abort());
    await page.goto(`${server.url}/login`);
    await page.getByTestId('oidc-sign-in').click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any-password');
    await page.locator('button[type="submit"]').click();
    return { page, errors };
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    provider = await startTestProvider({ redirectUris: [`${server.url}/api/auth/oidc/callback`], postLogoutRedirectUris: [`${server.url}/login?reason=logout`] });
    ({ page: admin } = await openPage(browser, { viewport: desktop }));
    await signIn(admin, server.url, 'admin');
    await admin.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  it('the administrator sets up the provider in 系统管理 → 登录方式', async () => {
    await admin.goto(`${server.url}/system/sign-in`);
    const panel = admin.getByTestId('oidc-settings');
    await panel.getByTestId('oidc-issuer').waitFor();
    await expect.poll(() => panel.getByTestId('oidc-redirect-uri').innerText()).toBe(`${server.url}/api/auth/oidc/callback`);
    await panel.getByTestId('oidc-enabled').click();
    await panel.getByTestId('oidc-issuer').fill(provider.issuer);
    await panel.getByTestId('oidc-client-id').fill(testClient.clientId);
    await panel.getByTestId('oidc-client-secret').fill(testClient.clientSecret);
    await panel.getByTestId('oidc-save').click();
    await admin.getByText('统一身份认证设置已保存').waitFor();
    await expect.poll(() => panel.getByTestId('oidc-client-secret').getAttribute('placeholder')).toContain('已设置密钥');
    await expect.poll(() => admin.getByTestId('order-oidc').innerText()).not.toContain('尚未启用');
    await shoot(admin, 'sign-in-methods-1366');

    const { page } = await openPage(browser, { viewport: phone });
    await signIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/system/sign-in`);
    await page.getByTestId('oidc-issuer').waitFor();
    await expect.poll(() => page.getByTestId('oidc-issuer').inputValue()).toBe(provider.issuer);
    await shoot(page, 'sign-in-methods-390');
    await page.context().close();
  });

  it('the sign-in page shows the button in the administrator\'s order', async () => {
    for (const [viewport, name] of [[desktop, 'login-oidc-1366'], [phone, 'login-oidc-390']] as const) {
      const { page } = await openPage(browser, { viewport });
      await page.goto(`${server.url}/login`);
      await expect.poll(() => page.getByTestId('oidc-sign-in').innerText()).toBe(LABEL);
      await shoot(page, name);
      await page.context().close();
    }
  });

  it('a clerk signs in through the provider\'s login page and lands signed in, as after a password', async () => {
    const { page, errors } = await throughProvider('branch');
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => page.getByTestId('user-menu').innerText()).toContain('江川市公安局党委');
    expect(page.url()).not.toContain('oidc=');
    // The session survives a reload like any other: the tokens were stored the usual way.
    await page.reload();
    await expect.poll(() => page.getByTestId('user-menu').innerText()).toContain('江川市公安局党委');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a disabled account comes back to the sign-in page with the reason in Chinese and no session', async () => {
    const token = await server.tokenOf('admin');
    const { items } = await server.api<{ items: { id: number; username: string }[] }>('/api/users?q=branch2', { token });
    const branch2 = items.find((u) => u.username === 'branch2')!;
    await server.api(`/api/users/${branch2.id}`, { method: 'PATCH', token, body: { disabled: true } });

    const { page } = await throughProvider('branch2');
    await page.waitForURL(/\/login\?oidcError=auth\.account_disabled/);
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('该账号已停用，请联系管理员');
    expect(await page.evaluate(() => localStorage.getItem('rectify.accessToken'))).toBeNull();
    await page.goto(`${server.url}/items`);
    await page.waitForURL(/\/login/);
    await page.context().close();
  });
});
