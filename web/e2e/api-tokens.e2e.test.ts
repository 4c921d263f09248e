import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeE2E, launchBrowser, menuItem, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const NAME = '市委督查大屏';
const POLICE = '江川市公安局党委';
const desktop = { width: 1366, height: 768 };

/**
 * Another system reads the ledger with a token: the administrator creates a read-only token over the police
 * committee in 系统管理 → 接口令牌, copies it from the one dialog that ever shows it, the token reads the police
 * committee's items (and not finance's) through the real server, and once revoked it is refused at once.
 */
describeE2E('API tokens for other systems, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  let adminContext: BrowserContext;
  let adminErrors: string[];
  let secret = '';
  const titles: Record<string, string> = {};
  const read = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${secret}` } });

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ({ page: admin, context: adminContext, errors: adminErrors } = await openPage(browser, { viewport: desktop }));
    await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signIn(admin, server.url, 'admin');
    await admin.waitForURL(`${server.url}/`);
    const supervisor = await server.tokenOf('supervisor');
    const { items: orgs } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token: supervisor });
    for (const org of [POLICE, '江川市财政局机关党委']) {
      titles[org] = `${org.slice(3, 6)}理论学习不够系统`;
      await server.api('/api/items', {
        method: 'POST',
        token: supervisor,
        body: { orgId: orgs.find((o) => o.name === org)!.id, source: 'review', title: titles[org], description: '理论学习不够系统，学用结合不紧密。', deadline: '2027-06-30', type: 'deadline' },
      });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the administrator creates a read-only token from 系统管理 → 接口令牌 and copies it from the one dialog that shows it', async () => {
    await menuItem(admin, '接口令牌').click();
    await admin.waitForURL(`${server.url}/system/api-tokens`);
    await admin.getByTestId('api-token-add').click();
    const dialog = admin.getByTestId('api-token-dialog');
    await admin.getByTestId('api-token-name').fill(NAME);
    await dialog.getByTestId('api-token-org').click();
    await admin.locator('.el-tree-node__content:visible', { hasText: POLICE }).first().click();
    await shoot(admin, 'api-token-form-desktop', { fullPage: false });
    await admin.getByTestId('api-token-create').click();

    const shown = admin.getByTestId('api-token-secret');
    await shown.waitFor();
    secret = (await shown.innerText()).trim();
    expect(secret).toMatch(/^rtk_[A-Za-z0-9_-]{43}$/);
    await admin.getByTestId('api-token-copy').click();
    await expect.poll(() => admin.getByTestId('api-token-copy').innerText()).toContain('已复制');
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await shoot(admin, 'api-token-secret-desktop', { fullPage: false });
    await admin.getByTestId('api-token-secret-close').click();

    // Shown once: the list holds the name and the first characters, never the secret.
    const table = admin.getByTestId('api-tokens-table');
    await expect.poll(() => table.innerText()).toContain(NAME);
    const text = await table.innerText();
    expect(text).toContain(`${secret.slice(0, 8)}…`);
    expect(text).toContain('只读（全部读取权限）');
    expect(text).toContain('从未使用');
    expect(text).not.toContain(secret);
  });

  it('the token reads its subtree’s items through the real server, and the list shows when it was last used', async () => {
    const res = await read('/api/items?pageSize=100');
    expect(res.status).toBe(200);
    const titlesSeen = ((await res.json()) as { items: { title: string }[] }).items.map((i) => i.title);
    expect(titlesSeen).toContain(titles[POLICE]);
    expect(titlesSeen).not.toContain(titles['江川市财政局机关党委']);
    expect((await read('/api/users')).status).toBe(403);

    await admin.reload();
    const lastUsed = admin.getByTestId('api-token-last-used').first();
    await expect.poll(() => lastUsed.innerText()).toMatch(/\d{2}:\d{2}/);
    await shoot(admin, 'api-tokens-desktop');
  });

  it('at phone size, the list shows each token as a card', async () => {
    const { page, context, errors } = await openPage(browser, { viewport: viewports.phone });
    await signIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/system/api-tokens`);
    const cards = page.getByTestId('api-tokens-cards');
    await expect.poll(() => cards.innerText()).toContain(NAME);
    expect(await cards.innerText()).toContain(POLICE);
    await shoot(page, 'api-tokens-phone');
    await page.getByTestId('api-token-add').click();
    await page.getByTestId('api-token-dialog').locator('.el-radio-button', { hasText: '指定权限' }).click();
    await page.getByTestId('api-token-permissions').waitFor();
    await shoot(page, 'api-token-form-phone', { fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('once revoked, the token is refused at once, and its requests are in 操作日志 under its name', async () => {
    await admin.getByTestId('api-token-revoke').first().click();
    await admin.locator('.el-message-box').getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => admin.getByTestId('api-token-status').first().innerText()).toBe('已撤销');
    const refused = await read('/api/items');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('auth.api_token_revoked');

    await admin.goto(`${server.url}/system/audit/operations`);
    await expect.poll(() => admin.locator('main').innerText()).toContain(NAME);
    expect(await admin.locator('main').innerText()).toContain('接口令牌访问');
    expect(adminErrors).toEqual([]);
  });
});
