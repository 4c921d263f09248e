import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readWorkbook, xlsx } from '../../server/src/modules/ledger-io/ledger-io.test-helpers';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const POLICE = '江川市公安局党委';
const FINANCE = '江川市财政局机关党委';
const UNKNOWN_ORG = '江川市不存在局党委';
const HEADER = ['序号', '所属单位', '问题来源', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改类型'];
const DESCRIPTIONS = {
  police: '支部“三会一课”记录不完整，党课次数未达到要求。',
  finance: '理论学习中心组学习计划性不强，学用结合不够紧密。',
  third: '党费收缴台账不规范，个别党员未按月交纳党费。',
};

/** A ledger as an organization keeps it: two sound rows, and a third whose organization and deadline are wrong. */
function ledger({ deadline, category, broken }: { deadline: string; category: string; broken: boolean }) {
  return xlsx({
    台账: [
      HEADER,
      [1, POLICE, '上级点评', category, DESCRIPTIONS.police, '1. 补齐会议记录（责任人：李华）\n2. 每月检查一次', '张明', '李华', deadline, '限期整改'],
      [2, FINANCE, '自身查摆', category, DESCRIPTIONS.finance, '制定年度学习计划', '王强', '赵丽', deadline, '限期整改'],
      [3, broken ? UNKNOWN_ORG : POLICE, '上级点评', category, DESCRIPTIONS.third, '建立党费收缴台账', '张明', '李华', broken ? '2026-02-30' : deadline, '立行立改'],
    ],
  });
}

/**
 * The ledger's Excel import and export in the browser: a file with a bad row is checked, shown with its errors and
 * refused as a whole; the corrected file imports; the export with a filter holds exactly the filtered rows.
 */
describeE2E('Excel import and export of the ledger', () => {
  let server: TestServer;
  let browser: Browser;
  let supervisor: { page: Page; context: BrowserContext; errors: string[] };
  let token = '';
  let broken: Buffer;
  let corrected: Buffer;
  let policeId = 0;

  const total = async (page: Page) => Number((await page.locator('.el-pagination__total').innerText()).replace(/\D/g, ''));
  const apiTotal = async (query = '') => (await server.api<{ total: number }>(`/api/items${query}`, { token })).total;

  async function openImport(page: Page) {
    await page.getByTestId('import-xlsx').click();
    await page.getByTestId('import-dialog').waitFor();
  }

  async function chooseFile(page: Page, name: string, buffer: Buffer) {
    await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    await page.getByTestId('import-preview').waitFor();
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    token = await server.tokenOf('supervisor');
    const { items: categories } = await server.api<{ items: { name: string; active: boolean }[] }>('/api/categories', { token });
    const category = categories.find((c) => c.active)!.name;
    const { items: orgs } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token });
    policeId = orgs.find((o) => o.name === POLICE)!.id;
    const deadline = addDays(server.today(), 60);
    [broken, corrected] = await Promise.all([ledger({ deadline, category, broken: true }), ledger({ deadline, category, broken: false })]);
    supervisor = await openPage(browser);
    await signIn(supervisor.page, server.url, 'supervisor');
    await supervisor.page.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('in order', () => {
    it('an import with an error row is previewed and refused', async () => {
      const { page } = supervisor;
      await page.goto(`${server.url}/items`);
      await expect.poll(() => page.getByTestId('items-table').innerText()).toContain('还没有整改事项');
      expect(await total(page)).toBe(0);

      await openImport(page);
      await chooseFile(page, '整改台账（有误）.xlsx', broken);

      // Every problem with its row and column, in Chinese; the bad row is marked in the preview.
      const errors = page.getByTestId('import-errors');
      await expect.poll(() => errors.locator('li').count()).toBe(2);
      const errorText = await errors.innerText();
      expect(errorText).toContain('第 4 行 · B 列（所属单位）');
      expect(errorText).toContain('所属单位不存在或不在您的管辖范围内');
      expect(errorText).toContain(UNKNOWN_ORG);
      expect(errorText).toContain('第 4 行 · I 列（整改时限）');
      expect(errorText).toContain('日期无法识别');
      expect(errorText).toContain('2026-02-30');
      expect(await page.getByTestId('import-dialog').innerText()).toContain('发现 2 处错误，不能导入');
      expect(await page.getByTestId('import-summary').innerText()).toBe('共 3 行数据，2 行可导入');
      const rows = page.getByTestId('import-rows').locator('.el-table__body tr');
      expect(await rows.count()).toBe(3);
      expect(await page.getByTestId('import-rows').locator('.preview-row--error').count()).toBe(1);
      expect(await page.getByTestId('import-rows').locator('.preview-row--error').innerText()).toContain('有错误');
      expect(await page.getByTestId('import-confirm').isDisabled()).toBe(true);

      await page.getByRole('button', { name: '取消' }).click();
      await page.getByTestId('import-dialog').waitFor({ state: 'hidden' });
      expect(await total(page)).toBe(0);
      expect(await apiTotal()).toBe(0);
    });

    it('the corrected file imports, and the list shows the new items', async () => {
      const { page } = supervisor;
      await openImport(page);
      await chooseFile(page, '整改台账.xlsx', corrected);
      const dialog = page.getByTestId('import-dialog');
      await expect.poll(() => dialog.innerText()).toContain('检查通过，可导入 3 个事项');
      expect(await page.getByTestId('import-errors').count()).toBe(0);
      expect(await page.getByTestId('import-rows').innerText()).toContain(FINANCE);
      expect(await page.getByTestId('import-confirm').isEnabled()).toBe(true);

      await page.getByTestId('import-confirm').click();
      await expect.poll(() => page.getByTestId('import-done').innerText()).toContain('已导入 3 个事项');
      await page.getByTestId('import-close').click();

      await expect.poll(() => total(page)).toBe(3);
      const table = await page.getByTestId('items-table').innerText();
      for (const text of Object.values(DESCRIPTIONS)) expect(table).toContain(text);
      expect(await apiTotal()).toBe(3);
      expect(supervisor.errors).toEqual([]);
    });

    it('导出Excel with a filter set downloads exactly the filtered rows', async () => {
      const { page } = supervisor;
      await page.goto(`${server.url}/items?orgId=${policeId}`);
      await expect.poll(() => total(page)).toBe(2);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const workbook = await readWorkbook(await readFile((await download.path())!));
      const sheet = workbook.getWorksheet('整改台账')!;
      // The rows under the header that carry a code are the items.
      const lines: string[][] = [];
      sheet.eachRow((row) => {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = cell.text));
        lines.push(cells);
      });
      const headerAt = lines.findIndex((cells) => cells.includes('编号') && cells.includes('所属单位'));
      const codeAt = lines[headerAt]!.indexOf('编号');
      const items = lines.slice(headerAt + 1).filter((cells) => cells[codeAt]);
      expect(items).toHaveLength(2);
      expect(items.map((cells) => cells[lines[headerAt]!.indexOf('所属单位')])).toEqual([POLICE, POLICE]);
      expect(items.flat().join('\n')).toContain(DESCRIPTIONS.police);
      expect(items.flat().join('\n')).toContain(DESCRIPTIONS.third);
      expect(lines.flat().join('\n')).not.toContain(DESCRIPTIONS.finance);
      expect(await apiTotal(`?orgId=${policeId}`)).toBe(2);
    });
  });

  for (const [device, viewport] of Object.entries(viewports)) {
    it(`at ${device} size, the import preview with an error row`, async () => {
      const { page, context, errors } = await openPage(browser, { viewport });
      await signIn(page, server.url, 'supervisor');
      await page.waitForURL(`${server.url}/`);
      await page.goto(`${server.url}/items`);
      await expect.poll(() => total(page)).toBe(3);
      // The toolbar's buttons stay on the screen (they wrap on a phone).
      for (const id of ['export-xlsx', 'import-xlsx', 'create-item']) {
        const box = (await page.getByTestId(id).boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      }
      await openImport(page);
      await chooseFile(page, '整改台账（有误）.xlsx', broken);
      await expect.poll(() => page.getByTestId('import-errors').locator('li').count()).toBe(2);
      await shoot(page, `import-preview-${device}`, { fullPage: false });
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
