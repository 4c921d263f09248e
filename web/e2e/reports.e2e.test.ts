import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import type { MonthlyReport } from '@rectify/shared';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot, shotsDir } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

/** The little of ExcelJS this test reads with. */
interface WorkbookShape {
  xlsx: { load(data: Buffer): Promise<unknown> };
  getWorksheet(name: string): { getCell(ref: string): { value: unknown } } | undefined;
}
// The workbook is read with the server's own ExcelJS (the web package does not depend on it).
const { Workbook } = createRequire(new URL('../../server/package.json', import.meta.url))('exceljs') as { Workbook: new () => WorkbookShape };

const shiftMonth = (month: string, by: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/** The monthly report on the demo ledger: chosen by month, read on the page, printed, and downloaded. */
describeE2E('the monthly report', () => {
  let server: TestServer;
  let browser: Browser;
  let month = '';
  let expected: MonthlyReport;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { demoLedger: true }), launchBrowser()]);
    // Two months back: well inside the demo's six months of items, and not the default (last month).
    month = shiftMonth(server.today().slice(0, 7), -2);
    expected = await server.api<MonthlyReport>(`/api/reports/monthly?month=${month}`, { token: await server.tokenOf('supervisor') });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(viewport: { width: number; height: number } = viewports.desktop) {
    const opened = await openPage(browser, { viewport });
    await signIn(opened.page, server.url, 'supervisor');
    await opened.page.waitForURL(`${server.url}/`);
    return opened;
  }

  const title = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5))}月问题整改情况月报`;
  const figure = (page: Page, id: string) => page.locator(`[data-figure="${id}"] .headline__value`).innerText();

  async function chartsDrawn(page: Page) {
    for (const chart of ['report-chart-trend', 'report-chart-org', 'report-chart-category']) {
      await expect.poll(() => page.getByTestId(chart).getAttribute('data-ready')).toBe('1');
    }
  }

  async function downloaded(page: Page, button: string): Promise<{ download: Download; bytes: Buffer }> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
    expect(await download.failure()).toBeNull();
    return { download, bytes: await readFile((await download.path())!) };
  }

  it('a monthly report is downloaded: the month is picked, its figures shown, and the .xlsx and .docx saved', async () => {
    expect(expected.figures.totalItems).toBeGreaterThan(0);
    const { page, context, errors } = await signedIn();
    await page.goto(`${server.url}/reports`);
    // Last month by default.
    await expect.poll(() => page.getByTestId('report-title').innerText()).toBe(title(shiftMonth(server.today().slice(0, 7), -1)));

    const picker = page.getByTestId('report-toolbar').locator('.el-date-editor input');
    await picker.click();
    await picker.fill(month);
    await picker.press('Enter');
    await page.waitForURL(`${server.url}/reports?month=${month}`);
    await expect.poll(() => page.getByTestId('report-title').innerText()).toBe(title(month));
    await expect.poll(() => figure(page, 'totalItems')).toBe(String(expected.figures.totalItems));
    expect(await figure(page, 'newItems')).toBe(String(expected.figures.newItems));
    expect(await figure(page, 'overdue')).toBe(String(expected.figures.overdue));
    expect(await page.getByTestId('report-summary').innerText()).toContain(`范围内共有整改事项${expected.figures.totalItems}项`);
    const orgRows = await page.getByTestId('report-by-org').locator('tbody tr td:first-child').allInnerTexts();
    expect(orgRows).toEqual(expected.byOrg.map((r) => r.orgName));
    await page.reload();
    await expect.poll(() => page.getByTestId('report-title').innerText()).toBe(title(month));

    const xlsx = await downloaded(page, 'report-xlsx');
    expect(xlsx.download.suggestedFilename()).toBe(`${expected.orgName}${month}整改月报.xlsx`);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.bytes);
    const summary = workbook.getWorksheet('概况')!;
    expect(summary.getCell('B1').value).toBe(month);
    expect(summary.getCell('A2').value).toBe('本月新增');
    expect(summary.getCell('B2').value).toBe(expected.figures.newItems);

    const docx = await downloaded(page, 'report-docx');
    expect(docx.download.suggestedFilename()).toBe(`${expected.orgName}${month}整改月报.docx`);
    expect(docx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    // A Word document: a zip whose directory names the document part.
    expect(docx.bytes.includes(Buffer.from('word/document.xml'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('prints on A4 portrait with the report alone, its charts drawn', async () => {
    const { page, context } = await signedIn();
    await page.goto(`${server.url}/reports?month=${month}`);
    await expect.poll(() => page.getByTestId('report-title').innerText()).toBe(title(month));
    await chartsDrawn(page);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-menu').isVisible()).toBe(false);
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByTestId('report-toolbar').isVisible()).toBe(false);
    expect(await page.getByTestId('report-chart-org').locator('svg').isVisible()).toBe(true);
    await shoot(page, 'reports-print');
    // The page's own @page rule decides the paper: A4 (595 × 842 pt) standing up.
    const pdf = await page.pdf({ path: join(shotsDir, 'reports-print.pdf'), preferCSSPageSize: true, printBackground: true });
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    expect(box).not.toBeNull();
    expect(Math.round(Number(box![1]))).toBe(595);
    expect(Math.round(Number(box![2]))).toBe(842);
    await context.close();
  });

  for (const [device, viewport] of Object.entries(viewports)) {
    it(`at ${device} size, the report page renders with its charts`, async () => {
      const { page, context, errors } = await signedIn(viewport);
      await page.goto(`${server.url}/reports?month=${month}`);
      await expect.poll(() => page.getByTestId('report-title').innerText()).toBe(title(month));
      await chartsDrawn(page);
      await shoot(page, `reports-${device}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
