import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { convertToPdf, skipOffice } from './office.test-helpers.js';
import { writeDemoLedger } from './reports.test-helpers.js';

const clock = fixedClock('2026-06-10T02:00:00Z');

describe('monthly report documents', () => {
  let t: TestApp;
  const download = (format: string) => t.as('supervisor')({ method: 'GET', url: `/api/reports/monthly?month=2026-05&format=${format}` });

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await writeDemoLedger(t, '2026-06-10');
  });
  afterAll(() => t.close());

  it('when .xlsx is asked for, it is an attachment whose sheets hold the same figures as the JSON report', async () => {
    const json = (await t.as('supervisor')({ method: 'GET', url: '/api/reports/monthly?month=2026-05' })).json();
    const res = await download('xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/^attachment; .*filename\*=UTF-8''.*2026-05.*\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['概况', '按单位', '按类别', '逾期清单', '月度趋势', '签收情况', '审核层级', '回头看与督办']);
    const summary = workbook.getWorksheet('概况')!;
    const value = (name: string) => summary.getColumn(1).values.indexOf(name);
    expect(summary.getRow(value('本月销号')).getCell(2).value).toBe(json.figures.closed);
    expect(summary.getRow(value('逾期未完成（月末）')).getCell(2).value).toBe(json.figures.overdue);
    expect(summary.getRow(value('整改完成率')).getCell(2).value).toBe(json.figures.completionRate);
    expect(summary.getRow(value('按期销号率')).getCell(2).value).toBe(json.figures.onTimeRate);
    expect(workbook.getWorksheet('按单位')!.rowCount).toBe(json.byOrg.length + 1);
    expect(workbook.getWorksheet('逾期清单')!.rowCount).toBe(json.overdueItems.length + 1);
    const firstOverdue = workbook.getWorksheet('逾期清单')!.getRow(2);
    expect(firstOverdue.getCell(2).value).toBe(json.overdueItems[0].code);
    const acknowledge = workbook.getWorksheet('签收情况')!;
    const cell = (name: string) => acknowledge.getRow(acknowledge.getColumn(1).values.indexOf(name)).getCell(2).value;
    expect(cell('本月签收')).toBe(json.acknowledge.signed);
    expect(cell('待签收（月末）')).toBe(json.acknowledge.waiting);
    expect(cell('其中逾期未签收（月末）')).toBe(json.acknowledge.overdue);
    expect(cell('有异议待处理（月末）')).toBe(json.acknowledge.objected);
    const levels = workbook.getWorksheet('审核层级')!;
    expect([2, 3, 4].map((n) => levels.getRow(n).values)).toEqual([
      [undefined, '本单位审核', json.reviews.unit.passed, json.reviews.unit.sentBack],
      [undefined, '党委初审', json.reviews.party.passed, json.reviews.party.sentBack],
      [undefined, '工委终审', json.reviews.committee.passed, json.reviews.committee.sentBack],
    ]);
    const rechecks = workbook.getWorksheet('回头看与督办')!;
    const total = rechecks.getRow(rechecks.getColumn(1).values.indexOf('合计')).values as unknown[];
    expect(total.slice(2)).toEqual([json.rounds.rechecked, json.rounds.reopened, json.rounds.reboundRate ?? undefined, json.escalations.talks, json.escalations.accountability]);
  });

  it.skipIf(skipOffice)('when .docx is asked for, LibreOffice converts it to a PDF with the summary, the tables and the chart images', async () => {
    const res = await download('docx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const { text, pages, firstPage } = await convertToPdf(res.rawPayload, 'docx');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('2026年5月问题整改情况月报');
    expect(flat).toContain('江川市直属机关工作委员会');
    expect(flat).toContain('一、总体情况');
    expect(flat).toContain('四、逾期未完成事项');
    expect(flat).toContain('五、签收与审核情况');
    expect(flat).toMatch(/待签收\d+项，其中逾期未签收\d+项，有异议待处理\d+项/);
    expect(flat).toMatch(/工委终审通过\d+项、退回\d+项/);
    expect(pages).toBeGreaterThanOrEqual(2);
    // The first page is mostly text on white, with the trend chart drawn in colour.
    const { channels } = await sharp(firstPage).stats();
    expect(channels[0].mean).toBeGreaterThan(180);
    expect(Math.abs(channels[0].mean - channels[2].mean)).toBeGreaterThan(0.5);
  }, 180_000);
});
