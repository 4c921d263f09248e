import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../../lib/clock.js';
import { makeCfb, makeOoxml, makeZip } from '../../../lib/files/test-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { multipart, tinyPdf } from '../../../test/multipart.js';
import { items } from '../../items/items.table.js';
import { importXlsx, xlsx } from '../ledger-io.test-helpers.js';

const clock = fixedClock('2026-05-10T02:00:00Z');

/** A bare but complete .xlsx written by hand: one sheet of the given XML rows. */
function handMadeXlsx(rowsXml: string) {
  return makeZip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    {
      name: 'xl/workbook.xml',
      data: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>' },
    { name: 'xl/worksheets/sheet1.xml', data: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rowsXml}</sheetData></worksheet>` },
  ]);
}
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const headerXml = `<row r="1">${inline('A1', '所属单位')}${inline('B1', '问题描述')}${inline('C1', '整改时限')}</row>`;

describe('importing files that are wrong', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const itemCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(items))[0].n;
  const header = ['所属单位', '问题描述', '整改时限'];

  it.each([
    ['plain text', Buffer.from('所属单位,问题描述,整改时限\n公安,问题,2026-08-31\n'), 'not_a_zip'],
    ['a PDF', tinyPdf(), 'not_a_zip'],
    ['an old .xls', makeCfb({ Workbook: 'BIFF' }), 'not_a_zip'],
    ['an empty upload', Buffer.alloc(0), 'empty_file'],
  ])('when the file is %s, it answers 400 import.not_xlsx and creates nothing', async (_name, content, reason) => {
    const before = await itemCount();
    const res = await importXlsx(t, 'supervisor', content as Buffer);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'import.not_xlsx', details: { reason } });
    expect(await itemCount()).toBe(before);
  });

  it('when a Word document is renamed .xlsx, it is not a workbook', async () => {
    const res = await importXlsx(t, 'supervisor', await makeOoxml('word/document.xml'));
    expect(res.json().error).toMatchObject({ code: 'import.not_xlsx', details: { reason: 'no_workbook' } });
  });

  it('when a zip bomb is disguised as an .xlsx, it answers 400 before inflating it', async () => {
    const bomb = await makeOoxml('xl/workbook.xml', [{ name: 'xl/worksheets/sheet1.xml', zeros: 300 * 1024 * 1024 }]);
    const res = await importXlsx(t, 'supervisor', bomb);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('evidence.zip_bomb');
  });

  it('when an entry lies about its size, reading stops at the declared size and the file is refused', async () => {
    const liar = await makeOoxml('xl/workbook.xml', [{ name: 'xl/sharedStrings.xml', zeros: 4 * 1024 * 1024, declaredSize: 1000 }]);
    const res = await importXlsx(t, 'supervisor', liar);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('import.not_xlsx');
  });

  it('when the only sheet has headers and no rows, the check says it is empty and a real run creates nothing', async () => {
    const file = await xlsx({ 台账: [header] });
    expect((await importXlsx(t, 'supervisor', file, '?dryRun=true')).json()).toMatchObject({ ok: false, errors: [expect.objectContaining({ code: 'empty' })] });
    const before = await itemCount();
    const res = await importXlsx(t, 'supervisor', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'import.invalid_rows', details: { errors: [expect.objectContaining({ code: 'empty' })] } });
    expect(await itemCount()).toBe(before);
  });

  it('when no row looks like a ledger header, it says so; when 整改时限 is missing, it names the missing column', async () => {
    const wrong = await xlsx({ Sheet1: [['姓名', '年龄', '电话'], ['张三', 30, '123']] });
    expect((await importXlsx(t, 'supervisor', wrong, '?dryRun=true')).json().errors).toEqual([expect.objectContaining({ code: 'no_header' })]);
    const noDeadline = await xlsx({ 台账: [['所属单位', '问题描述'], ['公安', '问题']] });
    const errors = (await importXlsx(t, 'supervisor', noDeadline, '?dryRun=true&source=review')).json().errors;
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'missing_column', sheet: '台账', row: 1, message: expect.stringContaining('整改时限') })]));
  });

  it('when some rows have bad dates, unknown organizations, categories or sources, every error names its row and column and nothing is created', async () => {
    const file = await xlsx({
      台账: [
        ['江川市直属机关工委问题整改台账'],
        ['所属单位', '问题来源', '问题类别', '问题描述', '整改时限', '整改类型'],
        ['公安', '上级点评', '理论学习', '正确的一行。', '2026-08-31', '限期整改'],
        ['公安', '上级点评', null, '日期不存在。', '2026-02-30', null],
        ['公安', '上级点评', null, '日期看不懂。', '下个月', null],
        ['江川市水务局党组', '上级点评', null, '单位不存在。', '2026-08-31', null],
        ['公安', '道听途说', '天气', '来源和类别都不对。', '2026-08-31', '看情况'],
        ['公安', '上级点评', null, null, '2026-08-31', null],
      ],
    });
    const before = await itemCount();
    const check = (await importXlsx(t, 'supervisor', file, '?dryRun=true')).json();
    const brief = check.errors.map((e: { code: string; row: number; column: string }) => [e.code, e.row, e.column]);
    expect(brief).toEqual([
      ['date_invalid', 4, 'E'],
      ['date_invalid', 5, 'E'],
      ['org_unknown', 6, 'A'],
      ['source_unknown', 7, 'B'],
      ['type_unknown', 7, 'F'],
      ['category_unknown', 7, 'C'],
      ['required', 8, 'D'],
    ]);
    expect(check.errors[2]).toMatchObject({ header: '所属单位', value: '江川市水务局党组', message: expect.stringContaining('不存在') });
    expect(check.rows.map((r: { ok: boolean }) => r.ok)).toEqual([true, false, false, false, false, false]);
    const res = await importXlsx(t, 'supervisor', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.errorCount).toBe(7);
    expect(await itemCount()).toBe(before);
  });

  it('when a branch imports, rows of a sibling organization read as unknown and sources other than 自身查摆 are refused', async () => {
    const file = await xlsx({
      台账: [
        ['所属单位', '问题来源', '问题描述', '整改时限'],
        ['交警支队', null, '自己查出的问题。', '2026-08-31'],
        ['江川市财政局机关党委', null, '别人的问题。', '2026-08-31'],
        ['交警支队', '上级点评', '不该由支部登记。', '2026-08-31'],
      ],
    });
    const body = (await importXlsx(t, 'branch', file, '?dryRun=true')).json();
    expect(body.rows[0]).toMatchObject({ ok: true, source: 'self_inspection', orgName: '市公安局交通警察支队党支部' });
    expect(body.errors.map((e: { code: string; row: number }) => [e.code, e.row])).toEqual([
      ['org_unknown', 3],
      ['source_not_allowed', 4],
    ]);
  });

  it.each(['viewer', 'admin'])('when %s tries to import, it is refused', async (as) => {
    expect((await importXlsx(t, as, await xlsx({ 台账: [header] }))).statusCode).toBe(403);
  });

  it('when cells are formulas saved without results, each one is reported', async () => {
    const file = await xlsx({ 台账: [header, ['公安', { formula: '"问题"&"一"' }, { formula: 'DATE(2026,8,31)' }]] });
    const errors = (await importXlsx(t, 'supervisor', file, '?dryRun=true&source=review')).json().errors;
    expect(errors.map((e: { code: string; column: string }) => [e.code, e.column])).toEqual([
      ['formula_without_value', 'B'],
      ['formula_without_value', 'C'],
    ]);
  });

  it('when formulas carry their results, the results are imported', async () => {
    const file = await xlsx({ 台账: [header, ['公安', { formula: '"问题"&"一"', result: '问题一' }, { formula: 'DATE(2026,8,31)', result: new Date(Date.UTC(2026, 7, 31)) }]] }, (wb) => {
      wb.getWorksheet('台账')!.getCell('C2').numFmt = 'yyyy-mm-dd';
    });
    const body = (await importXlsx(t, 'supervisor', file, '?dryRun=true&source=review')).json();
    expect(body.rows[0]).toMatchObject({ ok: true, title: '问题一', deadline: '2026-08-31' });
  });

  it('when a sheet has more data rows than allowed, it answers 400 import.too_many_rows', async () => {
    const rows = Array.from({ length: 20_001 }, (_, i) => ['公安', `问题${i}`, '2026-08-31']);
    const res = await importXlsx(t, 'supervisor', await xlsx({ 台账: [header, ...rows] }), '?dryRun=true');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'import.too_many_rows', details: { maxDataRows: 20_000 } });
  });

  it('when a sheet carries a million formatted empty rows, it is refused with a clear error, not read into memory', async () => {
    const empty = Array.from({ length: 1_000_000 }, (_, i) => `<row r="${i + 3}" s="1" customFormat="1"/>`).join('');
    const file = await handMadeXlsx(`${headerXml}<row r="2">${inline('A2', '公安')}${inline('B2', '问题')}${inline('C2', '2026-08-31')}</row>${empty}`);
    const res = await importXlsx(t, 'supervisor', file, '?dryRun=true&source=review');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'import.too_many_rows', details: { reason: 'too_many_rows_including_empty' } });
  });

  it('when a few thousand bordered empty rows follow the data, they are read past', async () => {
    const empty = Array.from({ length: 5_000 }, (_, i) => `<row r="${i + 3}"><c r="A${i + 3}" s="1"/><c r="B${i + 3}" s="1"/></row>`).join('');
    const file = await handMadeXlsx(`${headerXml}<row r="2">${inline('A2', '公安')}${inline('B2', '问题')}${inline('C2', '2026-08-31')}</row>${empty}`);
    const body = (await importXlsx(t, 'supervisor', file, '?dryRun=true&source=review')).json();
    expect(body).toMatchObject({ ok: true, rowCount: 1 });
  });

  it('when the upload is not multipart, or has no file field, it is refused', async () => {
    expect((await t.as('supervisor')({ method: 'POST', url: '/api/items/import', payload: { a: 1 } })).statusCode).toBe(415);
    const form = multipart([{ name: 'attachment', file: { filename: '台账.xlsx', content: await xlsx({ 台账: [header] }) } }]);
    const res = await t.as('supervisor')({ method: 'POST', url: '/api/items/import', ...form });
    expect(res.json().error.code).toBe('import.missing_file');
  });
});
