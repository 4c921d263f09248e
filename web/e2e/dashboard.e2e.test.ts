import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, menuItem, openPage, signIn, viewports } from './support/browser';
import { makePng } from './support/files';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

type ItemRow = { id: number; code: string; version: number; deadline: string };

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The committee's dashboard on the demo ledger: its counts move when the supervisor closes an item, and each
 * count opens the ledger list behind it.
 */
describeE2E('the committee dashboard', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { demoLedger: true }), launchBrowser()]);
    // The police committee's clerk applies for the closure of one item (with a photo as evidence) and for the
    // extension of another, through the API as their browser would.
    const token = await server.tokenOf('branch');
    // The committee's 待我处理 lists what waits at the committee: with the demo's 党委初审 a branch's request would
    // wait at its 党委 first (review-levels.e2e.test.ts walks that chain), so this committee decides alone.
    await server.api('/api/review-levels/settings', { method: 'PUT', token: await server.tokenOf('admin'), body: { unitReview: false, partyReview: false } });
    const { items } = await server.api<{ items: ItemRow[] }>('/api/items?status=in_progress&sort=updatedAt&order=desc&pageSize=2', { token });
    const [closing, extending] = items as [ItemRow, ItemRow];
    const { item } = await server.api<{ item: ItemRow & { measures: { id: number }[] } }>(`/api/items/${closing.id}/evidence`, { method: 'POST', token, body: evidenceForm(await makePng(browser, '整改完成')) });
    // A closure request needs every measure done, or a reason for each that is not.
    for (const m of item.measures) await server.api(`/api/items/${closing.id}/measures/${m.id}`, { method: 'PATCH', token, body: { status: 'done' } });
    await server.api(`/api/items/${closing.id}/transitions`, { method: 'POST', token, body: { action: 'request_closure', version: item.version, comment: '整改任务已完成，佐证材料已上传。' } });
    await server.api(`/api/items/${extending.id}/transitions`, {
      method: 'POST',
      token,
      body: { action: 'request_extension', version: extending.version, comment: '涉及制度修订，需提交党委会审议。', newDeadline: addDays(extending.deadline, 30) },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  function evidenceForm(png: Buffer) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), '整改现场.png');
    return form;
  }

  async function signedIn(viewport: { width: number; height: number } = viewports.desktop) {
    const opened = await openPage(browser, { viewport });
    await signIn(opened.page, server.url, 'supervisor');
    await opened.page.waitForURL(`${server.url}/`);
    return opened;
  }

  /** A count as the dashboard shows it, once the dashboard has its figures ('–' until then). */
  async function shown(page: Page, testId: string): Promise<number> {
    const value = page.getByTestId(testId).locator('.figure__value');
    await expect.poll(() => value.innerText()).toMatch(/^\d+$/);
    return Number(await value.innerText());
  }
  const waitingCount = (page: Page) => page.getByTestId('awaiting-closure').getByTestId('awaiting-count').innerText().then(Number);
  const listTotal = async (page: Page) => Number((await page.locator('.el-pagination__total').innerText()).replace(/\D/g, ''));

  it('when the supervisor closes an item waiting in 待我处理, the dashboard shows one more closed and one fewer open', async () => {
    const { page, context, errors } = await signedIn();
    const before = { closed: await shown(page, 'figure-closed'), open: await shown(page, 'figure-open') };
    await expect.poll(() => page.getByTestId('awaiting').innerText()).toContain('待我处理');
    const waiting = await waitingCount(page);
    expect(waiting).toBeGreaterThan(0);
    expect(await page.getByTestId('awaiting-extension').getByTestId('awaiting-count').innerText()).toBe('1');

    // 查看全部 lists the same requests in the ledger, and the filter survives a reload.
    await page.getByTestId('awaiting-closure').getByRole('link', { name: '查看全部' }).click();
    await page.waitForURL(/\/items\?awaiting=closure/);
    await expect.poll(() => listTotal(page)).toBe(waiting);
    await page.reload();
    await expect.poll(() => listTotal(page)).toBe(waiting);
    await page.goBack();
    await page.waitForURL(`${server.url}/`);

    const first = page.getByTestId('awaiting-closure').locator('.awaiting__item').first();
    const code = await first.locator('.awaiting__code').innerText();
    await first.click();
    await page.waitForURL(/\/items\/\d+$/);
    expect(await page.getByTestId('item-code').innerText()).toBe(code);
    await page.locator('[data-testid="item-actions"] [data-action="approve_closure"]').click();
    const dialog = page.getByTestId('action-dialog');
    await dialog.waitFor();
    // A request without evidence is closed only on an explicit confirmation with a reason.
    if (await dialog.getByTestId('action-no-evidence').isVisible()) {
      await dialog.getByTestId('action-without-evidence').click();
      await dialog.getByTestId('action-comment').fill('已到现场核查，材料由单位另行归档');
    }
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.locator('.item-page__tags [data-status]').getAttribute('data-status')).toBe('closed');

    await menuItem(page, '工作台').click();
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => shown(page, 'figure-closed')).toBe(before.closed + 1);
    expect(await shown(page, 'figure-open')).toBe(before.open - 1);
    await expect.poll(() => waitingCount(page)).toBe(waiting - 1);
    expect(await page.getByTestId('awaiting-closure').innerText()).not.toContain(code);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('clicking the red count opens the ledger list of the overdue items, and an organization opens its own', async () => {
    const { page, context } = await signedIn();
    const red = await shown(page, 'light-red');
    expect(red).toBeGreaterThan(0);
    await page.getByTestId('light-red').click();
    await page.waitForURL(`${server.url}/items?light=red`);
    await expect.poll(() => listTotal(page)).toBe(red);
    const lights = await page.locator('[data-testid="items-table"] .el-table__row [data-light]').evaluateAll((tags) => [...new Set(tags.map((t) => t.getAttribute('data-light')))]);
    expect(lights).toEqual(['red']);

    await page.goBack();
    const top = page.getByTestId('org-ranking').locator('tbody tr').first();
    const orgName = await top.locator('.ranking__org').innerText();
    await top.locator('.ranking__org a').click();
    await page.waitForURL(/\/items\?orgId=\d+$/);
    await expect.poll(() => page.getByTestId('items-table').innerText()).toContain(orgName);
    await context.close();
  });

  it('narrowed to one organization with 筛选, the dashboard counts only its items, and a reload keeps it', async () => {
    const { page, context, errors } = await signedIn();
    const all = await shown(page, 'figure-total');
    await page.getByTestId('dashboard-filter-toggle').click();
    await page.getByTestId('dashboard-filter-panel').locator('.el-select__wrapper').click();
    await page.locator('.el-tree-select__popper:visible').getByRole('option', { name: '江川市公安局党委', exact: true }).click();
    await page.waitForURL(/\/\?orgId=\d+$/);
    const orgId = new URL(page.url()).searchParams.get('orgId');
    await expect.poll(() => page.getByTestId('dashboard-filters').innerText()).toContain('单位：江川市公安局党委');
    await expect.poll(() => shown(page, 'figure-total')).toBeLessThan(all);
    const police = await shown(page, 'figure-total');
    expect(police).toBeGreaterThan(0);
    expect(await page.getByTestId('light-red').getAttribute('href')).toBe(`/items?orgId=${orgId}&light=red`);
    await page.reload();
    await expect.poll(() => shown(page, 'figure-total')).toBe(police);
    expect(await page.getByTestId('dashboard-filters').innerText()).toContain('单位：江川市公安局党委');
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const [device, viewport] of Object.entries(viewports)) {
    it(`at ${device} size, the dashboard shows its figures and draws its charts`, async () => {
      const { page, context, errors } = await signedIn(viewport);
      await shown(page, 'figure-total');
      await page.getByTestId('org-ranking').locator('tbody tr').first().waitFor();
      // The charts load as they come into view.
      await page.getByTestId('dashboard-charts').scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      for (const chart of ['chart-trend', 'chart-category', 'chart-source']) {
        await page.getByTestId(chart).scrollIntoViewIfNeeded();
        await expect.poll(() => page.getByTestId(chart).getAttribute('data-ready')).toBe('1');
        expect(await page.getByTestId(chart).locator('svg').count()).toBe(1);
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      await shoot(page, `dashboard-${device}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
