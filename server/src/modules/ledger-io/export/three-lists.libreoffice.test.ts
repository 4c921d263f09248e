import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { fixedClock } from '../../../lib/clock.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { createItem, uploadPdf } from '../../items/items.test-helpers.js';
import { items } from '../../items/items.table.js';
import { convertToPdf, skipOffice } from '../../reports/office.test-helpers.js';

const clock = fixedClock('2026-05-10T02:00:00Z');

describe('三张清单', () => {
  let t: TestApp;
  let closedCode: string;
  // A fresh database with every migration and the demo data: on PGlite and a busy machine that takes a while.
  beforeAll(async () => {
    t = await createTestApp({ clock });
    const open = await createItem(t, {
      title: '三会一课不规范',
      description: '支部三会一课记录不完整。',
      responsibleLeader: '李书记',
      responsiblePerson: '张委员',
      measures: [
        { content: '建立三会一课台账', responsiblePerson: '赵干事', deadline: '2026-06-30' },
        { content: '每季度检查一次记录', deadline: '2026-09-30' },
      ],
    });
    const closed = await createItem(t, { title: '发展党员程序不规范', description: '发展党员档案材料缺失。', responsiblePerson: '钱委员' });
    expect((await uploadPdf(t, 'branch', closed.id, '发展党员档案补齐清单.pdf')).statusCode).toBe(201);
    await t.db.update(items).set({ status: 'closed', closedOn: '2026-05-06', closedAt: new Date('2026-05-06T02:00:00Z'), closedLate: false }).where(eq(items.id, closed.id));
    closedCode = closed.code;
    await createItem(t, { orgId: t.orgs.finance, title: '财政预算执行监督不到位', description: '预算执行监督不到位。' });
    expect(open.code).toBeTruthy();
  }, 180_000);
  afterAll(() => t.close());

  const exportLists = (as: string, query = '') => t.as(as)({ method: 'GET', url: `/api/items/export-lists.xlsx${query}` });

  it('when the lists are exported, each problem, each measure and who answers for it land on their own sheet, and closed problems on 成果清单 with their date and evidence', async () => {
    const res = await exportLists('supervisor', `?orgId=${t.orgs.police}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['问题清单', '任务清单', '责任清单', '成果清单']);
    const texts = (name: string) => {
      const rows: string[] = [];
      book.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? ''))).join('|')));
      return rows;
    };
    expect(texts('问题清单').some((r) => r.includes('三会一课不规范') && r.includes('支部三会一课记录不完整。'))).toBe(true);
    expect(texts('任务清单').filter((r) => r.includes('三会一课不规范'))).toEqual([
      expect.stringContaining('|1|建立三会一课台账|赵干事|2026-06-30'),
      expect.stringContaining('|2|每季度检查一次记录|张委员|2026-09-30'),
    ]);
    const duty = texts('责任清单').filter((r) => r.includes('三会一课不规范'));
    expect(duty).toHaveLength(3);
    expect(duty[0]).toContain('问题整改（整体）|李书记|张委员');
    expect(duty[1]).toContain('措施1：建立三会一课台账|李书记|赵干事');
    const results = texts('成果清单').slice(3);
    expect(results).toHaveLength(1);
    expect(results[0]).toContain(closedCode);
    expect(results[0]).toContain('2026-05-06');
    expect(results[0]).toContain('发展党员档案补齐清单.pdf');
    expect(texts('问题清单').join('\n')).not.toContain('财政预算执行监督不到位');
  });

  it('when nothing in the filtered ledger is closed, the workbook has the three lists only', async () => {
    const res = await exportLists('supervisor', `?orgId=${t.orgs.finance}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['问题清单', '任务清单', '责任清单']);
  });

  it('when a clerk asks for another organization’s lists, it answers 404', async () => {
    expect((await exportLists('branch', `?orgId=${t.orgs.finance}`)).statusCode).toBe(404);
  });

  it.skipIf(skipOffice)('when LibreOffice opens the workbook, every sheet prints with its rows', async () => {
    const res = await exportLists('supervisor', `?orgId=${t.orgs.police}`);
    const { text, pages } = await convertToPdf(res.rawPayload, 'xlsx');
    const flat = text.replace(/\s+/g, '');
    for (const sheet of ['问题清单', '任务清单', '责任清单', '成果清单']) expect(flat).toContain(sheet);
    expect(flat).toContain('建立三会一课台账');
    expect(flat).toContain('发展党员档案补齐清单.pdf');
    expect(pages).toBeGreaterThanOrEqual(4);
  }, 180_000);
});
