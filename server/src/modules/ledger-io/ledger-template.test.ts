import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { importColumns } from './ledger-columns.js';
import { importXlsx, readWorkbook } from './ledger-io.test-helpers.js';

describe('the import template', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-05-10T02:00:00Z') });
  });
  afterAll(() => t.close());

  const download = async (as: string) => {
    const res = await t.as(as)({ method: 'GET', url: '/api/items/import-template.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    return res.rawPayload;
  };

  it('when downloaded, it has the importable columns, drop-down lists of the caller’s organizations and instructions', async () => {
    const file = await download('branch');
    const workbook = await readWorkbook(file);
    const sheet = workbook.getWorksheet('台账')!;
    expect(sheet.getRow(2).values).toEqual([undefined, ...importColumns.map((c) => c.header)]);
    const options = workbook.getWorksheet('选项')!;
    expect(options.state).toBe('hidden');
    const orgNames = options.getColumn(1).values.slice(2);
    expect(orgNames).toEqual(['江川市公安局党委', '市公安局交通警察支队党支部', '市公安局机关第一党支部']);
    expect(sheet.getCell('B3').dataValidation).toMatchObject({ type: 'list', formulae: ['选项!$A$2:$A$4'] });
    expect(workbook.getWorksheet('填写说明')!.getCell('A1').value).toBe('填写说明');
  });

  it('when filled in and uploaded, its rows import and its other sheets are passed over', async () => {
    const workbook = await readWorkbook(await download('supervisor'));
    const sheet = workbook.getWorksheet('台账')!;
    const at = (field: string) => importColumns.findIndex((c) => c.field === field) + 1;
    const values: Record<string, unknown> = { seq: 1, org: '江川市文化馆党支部', source: '群众评议', category: '活动载体与创新', description: '群众文化活动中党员参与不够。', deadline: new Date(Date.UTC(2026, 9, 31)), type: '限期整改' };
    for (const [field, value] of Object.entries(values)) sheet.getRow(3).getCell(at(field)).value = value as never;
    const body = (await importXlsx(t, 'supervisor', Buffer.from(await workbook.xlsx.writeBuffer()))).json();
    expect(body).toMatchObject({ ok: true, created: 1 });
    expect(body.rows[0]).toMatchObject({ orgName: '江川市文化馆党支部', source: 'mass_opinion', deadline: '2026-10-31' });
    expect(body.sheets.map((s: { name: string; skipped: string | null }) => [s.name, s.skipped])).toEqual([
      ['台账', null],
      ['选项', '隐藏的工作表'],
      ['填写说明', '没有找到表头'],
    ]);
  });

  it('when a leader asks for it, it is refused', async () => {
    expect((await t.as('viewer')({ method: 'GET', url: '/api/items/import-template.xlsx' })).statusCode).toBe(403);
  });
});
