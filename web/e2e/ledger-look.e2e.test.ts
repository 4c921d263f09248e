import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { makePdf, makePng } from './support/files';
import { shoot, shotsDir } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

// The organization's home gained the review-level and 举一反三 panels (251.8 kB measured); 256 kB until it is trimmed.
const FIRST_PAGE_JS_BUDGET = 256 * 1024;

/** The ledger pages with the demo's sixty items, at desktop and phone size, and the 台账 printed to PDF. */
describeE2E('how the ledger pages look', () => {
  let server: TestServer;
  let browser: Browser;
  let itemId = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { demoLedger: true }), launchBrowser()]);
    // An item of the police committee in progress, with a PDF and a photo, for the item page.
    const token = await server.tokenOf('branch');
    const { items } = await server.api<{ items: { id: number; status: string }[] }>('/api/items?status=in_progress&sort=updatedAt&order=desc&pageSize=5', { token });
    itemId = items[0]!.id;
    const pdf = await makePdf(browser, { title: '支部委员会会议记录', lines: ['会议传达学习了上级有关要求，研究部署整改工作。', '会议明确了整改责任分工和完成时限。'] });
    await server.uploadEvidence(token, itemId, { name: '支委会会议记录.pdf', content: pdf, type: 'application/pdf' });
    await server.uploadEvidence(token, itemId, { name: '专题学习现场.png', content: await makePng(browser, '专题学习会'), type: 'image/png' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(username: string, viewport: { width: number; height: number }) {
    const opened = await openPage(browser, { viewport });
    await signIn(opened.page, server.url, username);
    await opened.page.waitForURL(`${server.url}/`);
    return opened;
  }

  const total = async (page: Page) => Number((await page.locator('.el-pagination__total').innerText()).replace(/\D/g, ''));

  /** The list once its first answer is in (the pager reads 共 0 条 until then). */
  async function ledgerList(page: Page) {
    await page.goto(`${server.url}/items`);
    await expect.poll(() => total(page)).toBeGreaterThan(0);
  }

  for (const [device, viewport] of Object.entries(viewports)) {
    it(`at ${device} size, the ledger list, the 台账, the item page and the organization's home render`, async () => {
      const { page, context, errors } = await signedIn('supervisor', viewport);
      await ledgerList(page);
      await page.locator(device === 'phone' ? '[data-testid="items-cards"] .card' : '[data-testid="items-table"] .el-table__row').first().waitFor();
      await shoot(page, `ledger-list-${device}`);

      await page.goto(`${server.url}/items/ledger?pageSize=20`);
      await page.getByTestId('ledger-sheet').waitFor();
      await shoot(page, `ledger-sheet-${device}`);
      await context.close();

      const clerk = await signedIn('branch', viewport);
      await clerk.page.getByTestId('light-counts').locator('.light-card__value').first().waitFor();
      await expect.poll(() => clerk.page.getByTestId('upcoming-items').innerText()).not.toContain('加载');
      await shoot(clerk.page, `org-home-${device}`);
      await clerk.page.goto(`${server.url}/items/${itemId}`);
      await clerk.page.getByTestId('evidence-list').locator('img').first().waitFor();
      if (device === 'phone') {
        // On a phone the clerk takes a photo: the camera button's input asks for a picture from the camera.
        const camera = clerk.page.getByTestId('evidence-camera-input');
        expect(await camera.getAttribute('capture')).toBe('environment');
        expect(await camera.getAttribute('accept')).toBe('image/*');
        await camera.setInputFiles({ name: '整改现场.png', mimeType: 'image/png', buffer: await makePng(browser, '整改现场') });
        await expect.poll(() => clerk.page.getByTestId('evidence-list').locator('img').count()).toBe(2);
        expect(await clerk.page.getByTestId('evidence-list').innerText()).toContain('整改现场.png');
      }
      await shoot(clerk.page, `item-${device}`);
      expect([...errors, ...clerk.errors]).toEqual([]);
      await clerk.context.close();
    });
  }

  it('the evidence viewer shows the PDF inside the app, and the filters survive a reload', async () => {
    const { page, context } = await signedIn('supervisor', viewports.desktop);
    await page.goto(`${server.url}/items/${itemId}`);
    await page.getByRole('button', { name: '查看 支委会会议记录.pdf' }).click();
    await expect.poll(() => page.getByTestId('pdf-canvas').getAttribute('data-rendered')).toBe('1');
    await shoot(page, 'evidence-viewer-desktop', { fullPage: false });
    await page.keyboard.press('Escape');

    await ledgerList(page);
    const all = await total(page);
    await page.locator('.filters__light').click();
    await page.locator('.el-select__popper:visible').getByRole('option', { name: '逾期' }).click();
    await page.waitForURL(`${server.url}/items?light=red`);
    await expect.poll(() => total(page)).toBeLessThan(all);
    const red = await total(page);
    expect(red).toBeGreaterThan(0);
    await page.reload();
    await expect.poll(() => total(page)).toBe(red);
    expect(await page.locator('[data-testid="items-table"] [data-light]').evaluateAll((tags) => [...new Set(tags.map((t) => t.getAttribute('data-light')))])).toEqual(['red']);
    await page.goBack();
    await page.waitForURL(`${server.url}/items`);
    await expect.poll(() => total(page)).toBe(all);
    await context.close();
  });

  it('the 台账 prints on A4 landscape without the app around it', async () => {
    const { page, context } = await signedIn('viewer', viewports.desktop);
    await page.goto(`${server.url}/items/ledger?pageSize=20`);
    await page.getByTestId('ledger-sheet').waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-menu').isVisible()).toBe(false);
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    await page.pdf({ path: join(shotsDir, 'ledger-print.pdf'), format: 'A4', landscape: true, printBackground: true });
    await context.close();
  });

  it('the administrator\'s categories and settings pages render', async () => {
    const { page, context } = await signedIn('admin', viewports.desktop);
    await page.goto(`${server.url}/system/categories`);
    await expect.poll(() => page.getByTestId('categories-table').innerText()).toContain('理论学习');
    await shoot(page, 'categories-desktop');
    await page.goto(`${server.url}/system/settings`);
    await page.getByTestId('settings-form').waitFor();
    await shoot(page, 'settings-desktop');
    await context.close();
  });

  it(`an organization's clerk opening the app loads at most ${FIRST_PAGE_JS_BUDGET / 1024} kB of gzipped JavaScript`, async () => {
    const { page, context } = await signedIn('branch', viewports.phone);
    const fresh = await context.newPage();
    const sizes: Promise<number>[] = [];
    fresh.on('response', (response) => {
      if (response.request().resourceType() === 'script') sizes.push(response.body().then((body) => gzipSync(body).length));
    });
    await fresh.goto(`${server.url}/`);
    await fresh.getByTestId('light-counts').waitFor();
    await fresh.waitForLoadState('networkidle');
    const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    console.log(`[e2e] organization home JS, gzipped: ${(bytes / 1024).toFixed(1)} kB in ${sizes.length} files`);
    expect(bytes).toBeLessThanOrEqual(FIRST_PAGE_JS_BUDGET);
    await page.close();
    await context.close();
  });
});
