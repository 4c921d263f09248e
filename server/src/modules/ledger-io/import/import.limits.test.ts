import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../../lib/clock.js';
import { makeZip } from '../../../lib/files/test-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { items } from '../../items/items.table.js';
import { importXlsx } from '../ledger-io.test-helpers.js';
import { columnLetter } from '../xlsx/xlsx-reader.js';

const clock = fixedClock('2026-05-10T02:00:00Z');

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escape(text)}</t></is></c>`;
const row = (r: number, cells: Record<string, string>) => `<row r="${r}">${Object.entries(cells).map(([col, text]) => inline(`${col}${r}`, text)).join('')}</row>`;

/** A bare .xlsx written by hand: each sheet its XML rows and merged ranges, as a crafted upload would be. */
function craftedXlsx(sheets: Array<{ name: string; rows: string; merges?: string[] }>) {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const sheetList = sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const rels = sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  return makeZip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: 'xl/workbook.xml', data: `<workbook ${ns}><sheets>${sheetList}</sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>` },
    ...sheets.map((s, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data:
        `<worksheet ${ns}><sheetData>${s.rows}</sheetData>` +
        (s.merges?.length ? `<mergeCells count="${s.merges.length}">${s.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>` : '') +
        '</worksheet>',
    })),
  ]);
}

const header = row(1, { A: '所属单位', B: '问题描述', C: '整改时限', D: '整改措施', E: '备注' });

/** `count` data rows of a plain ledger, from row 2. */
function dataRows(count: number) {
  let xml = '';
  for (let r = 2; r < count + 2; r++) xml += row(r, { A: '公安', B: `问题${r}`, C: '2026-08-31', E: `说明${r}`, ...(r === 2 ? { F: '合并的单元格' } : {}) });
  return xml;
}

/** `count` numbered measures in one cell. */
const measureCell = (count: number, from = 1) => Array.from({ length: count }, (_, i) => `${from + i}. 措施${from + i}`).join('\n');

describe('importing files crafted to exhaust the server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const itemCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(items))[0].n;

  /**
   * Sends the import and, until it is answered, keeps asking `/api/health`: how long the slowest health check
   * took says how long the import kept the event loop to itself (a parse that never yields holds every check
   * back until it ends).
   */
  async function importWhileProbing(file: Buffer, query: string) {
    let answered = false;
    const sent = importXlsx(t, 'supervisor', file, query).finally(() => {
      answered = true;
    });
    const waits: number[] = [];
    do {
      const started = performance.now();
      const health = await t.app.inject({ method: 'GET', url: '/api/health' });
      waits.push(performance.now() - started);
      expect(health.statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 10));
    } while (!answered);
    return { res: await sent, slowestHealthMs: Math.max(...waits) };
  }

  it('when 19,000 rows carry 40,000 merged ranges over all of them, the dry run reads them in linear time and health answers meanwhile', async () => {
    const rows = 19_000;
    // Every range covers every data row below the first: walking each range's rows would cost 760 million steps.
    const file = await craftedXlsx([{ name: '台账', rows: header + dataRows(rows), merges: Array.from({ length: 40_000 }, () => `F2:F${rows + 1}`) }]);
    const { res, slowestHealthMs } = await importWhileProbing(file, '?dryRun=true&source=self_inspection');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, rowCount: rows });
    expect(slowestHealthMs).toBeLessThan(500);
  }, 60_000);

  it('when a workbook has more merged ranges than allowed, it answers 400 import.too_many_merges while health keeps answering', async () => {
    const merges = Array.from({ length: 50_001 }, (_, i) => `G${i + 2}:H${i + 2}`);
    const file = await craftedXlsx([{ name: '台账', rows: header + dataRows(3), merges }]);
    const { res, slowestHealthMs } = await importWhileProbing(file, '?dryRun=true&source=self_inspection');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'import.too_many_merges', message: expect.stringContaining('合并单元格'), details: { maxMerges: 50_000 } });
    expect(slowestHealthMs).toBeLessThan(500);
  }, 60_000);

  it('when the merged ranges are spread over several sheets, they count together', async () => {
    const merges = Array.from({ length: 25_001 }, (_, i) => `G${i + 2}:H${i + 2}`);
    const sheet = (name: string) => ({ name, rows: header + dataRows(2), merges });
    const res = await importXlsx(t, 'supervisor', await craftedXlsx([sheet('一'), sheet('二')]), '?dryRun=true&source=self_inspection');
    expect(res.json().error).toMatchObject({ code: 'import.too_many_merges' });
  });

  it('when rows under a merged description add up to more than 50 measures, the dry run names it and a real run creates nothing', async () => {
    // Sixty continuation rows of fifty measures each: three thousand measures for one problem from a few KB.
    let xml = header + row(2, { A: '公安', B: '问题', C: '2026-08-31', D: measureCell(30) });
    for (let r = 3; r <= 62; r++) xml += row(r, { D: measureCell(50) });
    const file = await craftedXlsx([{ name: '台账', rows: xml, merges: ['B2:B62', 'A2:A62', 'C2:C62'] }]);

    const { res, slowestHealthMs } = await importWhileProbing(file, '?dryRun=true&source=self_inspection');
    const check = res.json();
    expect(check).toMatchObject({ ok: false, rowCount: 1, rows: [{ row: 2, ok: false }] });
    expect(check.rows[0].measureCount).toBeLessThanOrEqual(50);
    expect(check.errors).toEqual([expect.objectContaining({ code: 'too_many_measures', row: 3, column: 'D', message: '整改措施超过 50 条' })]);
    expect(slowestHealthMs).toBeLessThan(500);

    const before = await itemCount();
    const real = await importXlsx(t, 'supervisor', file, '?source=self_inspection');
    expect(real.statusCode).toBe(400);
    expect(real.json().error).toMatchObject({ code: 'import.invalid_rows', details: { errors: [expect.objectContaining({ code: 'too_many_measures' })] } });
    expect(await itemCount()).toBe(before);
  });

  it('when rows under a merged description bring a problem to exactly 50 measures, they are all imported', async () => {
    const xml = header + row(2, { A: '公安', B: '五十条措施的问题', C: '2026-08-31', D: measureCell(30) }) + row(3, { D: measureCell(20, 31) });
    const file = await craftedXlsx([{ name: '台账', rows: xml, merges: ['B2:B3'] }]);
    const res = await importXlsx(t, 'supervisor', file, '?source=self_inspection');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, rows: [{ measureCount: 50 }] });
  });

  it('when one cell holds more than 50 measures, the row error says how many', async () => {
    const file = await craftedXlsx([{ name: '台账', rows: header + row(2, { A: '公安', B: '问题', C: '2026-08-31', D: measureCell(51) }) }]);
    const check = (await importXlsx(t, 'supervisor', file, '?dryRun=true&source=self_inspection')).json();
    expect(check.errors).toEqual([expect.objectContaining({ code: 'too_many_measures', row: 2, value: '51 条 > 50' })]);
  });

  it('when the text in the cells passes the limit, it answers 400 import.too_much_text while health keeps answering', async () => {
    // Thirty-two sheets of one row: 30 cells of 32,000 characters each, every sheet under the size where the
    // compression ratio is checked. Over thirty million characters from a file of a few hundred KB.
    const long = 'a'.repeat(32_000);
    const cells = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [columnLetter(i + 1), long]));
    const sheets = Array.from({ length: 32 }, (_, i) => ({ name: `表${i + 1}`, rows: row(1, cells) }));
    const { res, slowestHealthMs } = await importWhileProbing(await craftedXlsx(sheets), '?dryRun=true&source=self_inspection');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'import.too_much_text', details: { maxTextChars: 30_000_000 } });
    expect(slowestHealthMs).toBeLessThan(500);
  }, 60_000);

  it('when a sheet has more data rows than allowed, it is refused while health keeps answering', async () => {
    const { res, slowestHealthMs } = await importWhileProbing(await craftedXlsx([{ name: '台账', rows: header + dataRows(20_001) }]), '?dryRun=true&source=self_inspection');
    expect(res.json().error).toMatchObject({ code: 'import.too_many_rows', details: { maxDataRows: 20_000 } });
    expect(slowestHealthMs).toBeLessThan(500);
  }, 60_000);

  it('when a sheet carries a million empty rows, the scan stops at the limit while health keeps answering', async () => {
    let empty = '';
    for (let r = 3; r < 1_000_003; r++) empty += `<row r="${r}"/>`;
    const { res, slowestHealthMs } = await importWhileProbing(await craftedXlsx([{ name: '台账', rows: header + dataRows(1) + empty }]), '?dryRun=true&source=self_inspection');
    expect(res.json().error).toMatchObject({ code: 'import.too_many_rows', details: { reason: 'too_many_rows_including_empty' } });
    expect(slowestHealthMs).toBeLessThan(500);
  }, 60_000);
});
