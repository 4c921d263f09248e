import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot, shotsDir } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const desk1366 = { width: 1366, height: 800 };
const desk1440 = { width: 1440, height: 900 };
const pdftotext = '/usr/bin/pdftotext';

/** The 台账 in one request and its print view, and the items list's layout, with the demo's sixty items. */
describeE2E('the 台账 and the items list at work', () => {
  let server: TestServer;
  let browser: Browser;
  let total = 0;
  let overdueId = 0;
  /** An item led by the police committee with two assisting organizations, due in 250 working days. */
  let assistedId = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { demoLedger: true }), launchBrowser()]);
    const token = await server.tokenOf('supervisor');
    const { items: orgs } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token });
    const orgId = (name: string) => orgs.find((o) => o.name === name)!.id;
    const assisted = await server.api<{ id: number; deadlineProvisional: boolean }>('/api/items', {
      method: 'POST',
      token,
      body: {
        orgId: orgId('江川市公安局党委'),
        assistOrgIds: [orgId('江川市财政局机关党委'), orgId('市公安局交通警察支队党支部')],
        source: 'review',
        title: '党建经费使用不规范',
        description: '部分支部党建经费报销凭证不全，财政局机关党委、交警支队配合核对。',
        deadline: server.today(),
        deadlineWorkingDays: 250,
        type: 'deadline',
      },
    });
    assistedId = assisted.id;
    // 250 working days run a year ahead, and only the current year's calendar is loaded: the date is provisional.
    expect(assisted.deadlineProvisional).toBe(true);
    total = (await server.api<{ total: number }>('/api/items/ledger?pageSize=1', { token })).total;
    overdueId = (await server.api<{ items: { id: number }[] }>('/api/items?light=red&pageSize=1', { token })).items[0]!.id;
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

  /** Cells whose content is wider than the cell (cut off or spilling), as "column: text". */
  const cutCells = (page: Page, selector: string) =>
    page.locator(selector).evaluateAll((cells) =>
      cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => `${cell.closest('td')?.className ?? ''}: ${cell.textContent?.trim().slice(0, 30)}`),
    );

  it('when the 台账 opens, its rows come in one request, with 序号 first, and at 1440 px nothing scrolls sideways; the columns chosen stay after a reload', async () => {
    const { page, context, errors } = await signedIn('supervisor', desk1440);
    const asked: string[] = [];
    // Only what the 台账 asks: the dashboard the sign-in lands on reads items too, and may still be asking.
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/items') && new URL(page.url()).pathname === '/items/ledger') asked.push(path);
    });
    await page.goto(`${server.url}/items/ledger?pageSize=20`);
    await page.getByTestId('ledger-sheet').waitFor();
    await page.waitForLoadState('networkidle');
    expect(asked).toEqual(['/api/items/ledger']);
    expect(await page.locator('[data-testid="ledger-sheet"] tbody tr').count()).toBe(20);
    expect(await page.locator('[data-testid="ledger-sheet"] thead th').first().innerText()).toBe('序号');
    expect(await page.locator('[data-testid="ledger-sheet"] td.col-seq').nth(19).innerText()).toBe('20');
    const scroll = await page.locator('.sheet-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(scroll.scroll).toBeLessThanOrEqual(scroll.client);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // The second page's 序号 runs on from the first.
    await page.goto(`${server.url}/items/ledger?pageSize=20&page=2`);
    await expect.poll(() => page.locator('[data-testid="ledger-sheet"] td.col-seq').first().innerText()).toBe('21');

    await page.getByTestId('sheet-columns-button').click();
    await page.getByTestId('sheet-columns').getByText('备注', { exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="ledger-sheet"] thead').innerText()).toContain('备注');
    await page.reload();
    await page.getByTestId('ledger-sheet').waitFor();
    expect(await page.locator('[data-testid="ledger-sheet"] thead').innerText()).toContain('备注');
    await page.getByTestId('sheet-columns-button').click();
    await page.getByTestId('sheet-columns').getByText('备注', { exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="ledger-sheet"] thead').innerText()).not.toContain('备注');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('when the whole ledger is printed, every row of every page is there, on A4 landscape pages that repeat the header and are numbered', async () => {
    const { page, context, errors } = await signedIn('viewer', desk1366);
    await page.goto(`${server.url}/items/ledger?pageSize=10`);
    await page.getByTestId('ledger-sheet').waitFor();
    await page.getByTestId('print').click();
    await page.waitForURL(/\/items\/ledger\/print/);
    await expect.poll(() => page.getByTestId('print-status').innerText(), { timeout: 30_000 }).toContain(`共 ${total} 项，已全部加载`);
    expect(await page.locator('[data-testid="print-paper"] tbody tr').count()).toBe(total);
    expect(await page.locator('[data-testid="print-paper"] td.col-seq').last().innerText()).toBe(String(total));
    // The lead is 主办, the assisting organizations 协办; a deadline in working days says so beside its date, 待定 while provisional.
    const head = await page.locator('[data-testid="print-paper"] thead').innerText();
    expect(head).toContain('主办单位');
    expect(head).toContain('协办单位');
    // 协办 in tree order: the police committee's own branch before the finance committee.
    const assistedRow = page.locator(`[data-testid="print-paper"] tr[data-item="${assistedId}"]`);
    expect(await assistedRow.locator('td.col-assistOrgs').innerText()).toBe('市公安局交通警察支队党支部、江川市财政局机关党委');
    expect(await assistedRow.locator('td.col-deadline').innerText()).toMatch(/^\d{4}-\d{2}-\d{2}\s*待定\n250 个工作日（自交办）/);
    await shoot(page, 'ledger-print-view-1366');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print-now').isVisible()).toBe(false);
    expect(await page.locator('[data-testid="print-paper"] thead').evaluate((el) => getComputedStyle(el).display)).toBe('table-header-group');
    const pdf = join(shotsDir, 'ledger-print-all.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    if (existsSync(pdftotext)) {
      const pages = execFileSync(pdftotext, ['-layout', pdf, '-']).toString().split('\f').filter((p) => p.trim());
      expect(pages.length).toBeGreaterThan(1);
      // Each page carries the header row and its number of the whole.
      pages.forEach((text, i) => {
        expect(text).toContain('问题描述');
        expect(text).toContain(`${i + 1} / ${pages.length}`);
      });
      expect(pages.join('\n')).toContain('待定');
      const info = execFileSync('/usr/bin/pdfinfo', [pdf]).toString();
      // A4 landscape: 842 × 595 points (841.92 × 594.96).
      expect(info).toMatch(/Page size:\s+84[12](\.\d+)? x 59[45](\.\d+)? pts/);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('when the list opens at 1366 px, open items come first by deadline, no cell is cut, codes stay on one line, and each row has 查看 · 催办 · 督办; the density chosen stays after a reload', async () => {
    const { page, context, errors } = await signedIn('supervisor', desk1366);
    await page.goto(`${server.url}/items`);
    const rows = page.locator('[data-testid="items-table"] .el-table__body-wrapper .el-table__row');
    await rows.first().waitFor();
    expect(await cutCells(page, '[data-testid="items-table"] .el-table__body-wrapper td .cell')).toEqual([]);
    expect(await cutCells(page, '[data-testid="items-table"] .el-table__header-wrapper th .cell')).toEqual([]);
    const codeLines = await page.locator('[data-testid="items-table"] .el-table__body-wrapper .items__code').evaluateAll((links) => links.map((a) => a.getClientRects().length));
    expect(codeLines.every((n) => n === 1)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // Nor does the table scroll sideways: no column hides under the fixed actions column.
    const table = await page.locator('[data-testid="items-table"] .el-table__body-wrapper .el-scrollbar__wrap').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.scroll).toBeLessThanOrEqual(table.client);
    const firstRow = await page.locator('[data-testid="items-table"] .el-table__body-wrapper .el-table__row').first().innerText();
    expect(firstRow).toMatch(/逾期/);
    const actions = page.locator('[data-testid="items-table"] .el-table__fixed-right, [data-testid="items-table"] td.col-actions').first();
    expect(await actions.innerText()).toMatch(/查看\s*催办\s*督办/);
    expect(await page.locator('[data-testid="items-table"] td.col-seq').first().innerText()).toBe('1');
    await shoot(page, 'items-list-1366');

    await page.getByTestId('items-density').getByText('紧凑').click();
    await expect.poll(() => page.locator('[data-testid="items-table"]').getAttribute('class')).toContain('el-table--small');
    await page.getByTestId('items-columns-button').click();
    await page.getByTestId('items-columns').getByText('更新时间', { exact: true }).click();
    await page.reload();
    await rows.first().waitFor();
    expect(await page.locator('[data-testid="items-table"]').getAttribute('class')).toContain('el-table--small');
    expect(await page.locator('[data-testid="items-table"] .el-table__header-wrapper').innerText()).toContain('更新时间');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('when a supervisor opens an overdue item, 催办 and 督办 are at hand, and 催办 reaches the organization', async () => {
    const { page, context, errors } = await signedIn('supervisor', desk1366);
    await page.goto(`${server.url}/items/${overdueId}`);
    await page.getByTestId('remind-item').waitFor();
    expect(await page.getByTestId('notice-item').isVisible()).toBe(true);
    await shoot(page, 'item-overdue-1366');
    await page.getByTestId('remind-item').click();
    await page.locator('.el-message-box input').fill('请于本周内报送整改进展');
    await page.locator('.el-message-box').getByRole('button', { name: '催办' }).click();
    await expect.poll(() => page.locator('.el-message--success').innerText()).toContain('已催办');
    await page.getByTestId('notice-item').click();
    await page.locator('.el-dialog').filter({ hasText: '督办单' }).first().waitFor();
    expect(errors).toEqual([]);
    await context.close();

    const clerk = await signedIn('branch', desk1366);
    await clerk.page.goto(`${server.url}/items?light=red`);
    await clerk.page.locator('[data-testid="items-table"] .el-table__row').first().waitFor();
    // A clerk sees 查看 only: chasing is the committee's.
    expect(await clerk.page.getByTestId('remind-item').count()).toBe(0);
    await clerk.context.close();
  });

  it('on a phone, the list, the 台账, its print view and an overdue item render', async () => {
    const { page, context, errors } = await signedIn('supervisor', viewports.phone);
    await page.goto(`${server.url}/items`);
    await page.locator('[data-testid="items-cards"] .card').first().waitFor();
    await shoot(page, 'items-list-390');
    await page.goto(`${server.url}/items/ledger?pageSize=10`);
    await page.getByTestId('ledger-sheet').waitFor();
    // The buttons wrap: nothing runs past the screen's edge but the table, which scrolls in its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shoot(page, 'ledger-sheet-390');
    // 待签收: a short printout that holds the item with 协办 and 工作日时限.
    await page.goto(`${server.url}/items/ledger/print?status=issued`);
    await expect.poll(() => page.getByTestId('print-status').innerText()).toContain('已全部加载');
    expect(await page.locator(`[data-testid="print-paper"] tr[data-item="${assistedId}"] td.col-deadline`).innerText()).toContain('待定');
    await shoot(page, 'ledger-print-view-390');
    await page.goto(`${server.url}/items/${overdueId}`);
    await page.getByTestId('remind-item').waitFor();
    await shoot(page, 'item-overdue-390');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('at 1366 px, the 台账 renders', async () => {
    const { page, context } = await signedIn('supervisor', desk1366);
    await page.goto(`${server.url}/items/ledger?pageSize=20`);
    await page.getByTestId('ledger-sheet').waitFor();
    await shoot(page, 'ledger-sheet-1366');
    await context.close();
  });
});
