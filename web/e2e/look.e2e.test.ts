import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { workspaceDir } from './support/paths';
import { startServer, type TestServer } from './support/server';

// Screenshots go to docs/screenshots when asked for (UPDATE_SCREENSHOTS=1), so that an ordinary test run
// does not rewrite files under version control.
const shotsDir = process.env.UPDATE_SCREENSHOTS ? join(workspaceDir, 'docs', 'screenshots') : join(tmpdir(), 'rectify-screenshots');
const FIRST_PAGE_JS_BUDGET = 250 * 1024;

describeE2E('how the app looks and how much it loads', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shotsDir, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Gzipped bytes of every script the page loads until the network is quiet. */
  async function gzippedScripts(page: Page, load: () => Promise<unknown>) {
    const bodies: Promise<number>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') bodies.push(response.body().then((body) => gzipSync(body).length));
    });
    await load();
    await page.waitForLoadState('networkidle');
    const sizes = await Promise.all(bodies);
    return { files: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) };
  }

  async function shoot(page: Page, name: string) {
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true, animations: 'disabled' });
  }

  for (const [device, viewport] of Object.entries(viewports)) {
    it(`at ${device} size, the login page and the home page render`, async () => {
      const { page, context, errors } = await openPage(browser, { viewport });
      await page.goto(`${server.url}/login`);
      await page.getByPlaceholder('请输入用户名').waitFor();
      await shoot(page, `login-${device}`);
      await signIn(page, server.url, 'supervisor');
      await page.waitForURL(`${server.url}/`);
      await page.getByTestId('scope').locator('.stat--total').waitFor();
      await shoot(page, `home-${device}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('the administration pages render at desktop size, and the phone menu opens as a drawer', async () => {
    const { page, context } = await openPage(browser);
    await signIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/system/orgs`);
    await page.locator('.el-tree').getByText('江川市公安局党委').click();
    await shoot(page, 'orgs-desktop');
    await page.goto(`${server.url}/system/users`);
    await page.locator('.el-table__body tbody tr').first().waitFor();
    await shoot(page, 'users-desktop');
    await page.setViewportSize(viewports.phone);
    await shoot(page, 'users-phone');
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.locator('.layout__drawer .app-menu').waitFor();
    await page.screenshot({ path: join(shotsDir, 'menu-phone.png'), animations: 'disabled' });
    await context.close();
  });

  it(`the first page loads at most ${FIRST_PAGE_JS_BUDGET / 1024} kB of gzipped JavaScript`, async () => {
    const { page, context } = await openPage(browser);
    const login = await gzippedScripts(page, () => page.goto(`${server.url}/login`));
    await signIn(page, server.url, 'supervisor');
    await page.waitForURL(`${server.url}/`);
    // A signed-in user opening the app afresh: the layout and the home page on top of the framework.
    const { page: fresh } = { page: await context.newPage() };
    const home = await gzippedScripts(fresh, () => fresh.goto(`${server.url}/`));
    await fresh.getByTestId('scope').waitFor();
    console.log(`[e2e] first-page JS, gzipped: login ${(login.bytes / 1024).toFixed(1)} kB in ${login.files} files; home ${(home.bytes / 1024).toFixed(1)} kB in ${home.files} files`);
    expect(login.bytes).toBeLessThanOrEqual(FIRST_PAGE_JS_BUDGET);
    expect(home.bytes).toBeLessThanOrEqual(FIRST_PAGE_JS_BUDGET);
    await context.close();
  });
});
