import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '@rectify/shared';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { multipart, tinyPdf, type Part } from '../test/multipart.js';
import { evidence } from '../modules/evidence/evidence.table.js';
import { createItem } from '../modules/items/items.test-helpers.js';
import { disguised, formulaWorkbook, zipBombs } from './hostile-files.js';
import { rowCounts } from './world.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

/**
 * Hostile uploads to the evidence route: disguised active content, zip bombs dressed as Office files, a workbook
 * of formulas and a million empty rows, malformed multipart, and file names that try to leave the store.
 * A refusal is a catalogued 4xx with no row and no file left; an acceptance is stored under a server key as the
 * type its content proves, and downloads only as an attachment the browser may not sniff or run.
 */
describe('hostile uploads', () => {
  let t: TestApp;
  let itemId: number;
  const store = () => join(t.dataDir, 'evidence');
  beforeAll(async () => {
    t = await createTestApp({ config: { uploadMaxBytes: 20 * 1024 * 1024 } });
    itemId = (await createItem(t)).id;
    // Sign in before counting rows: a login writes its audit row.
    await t.as('branch')({ method: 'GET', url: '/api/auth/me' });
  });
  afterAll(() => t.close());

  const post = (body: { payload: Buffer; headers: Record<string, string> }, id = itemId) =>
    t.as('branch')({ method: 'POST', url: `/api/items/${id}/evidence`, payload: body.payload, headers: body.headers });
  const file = (filename: string, content: Buffer | string, contentType = 'application/octet-stream'): Part[] => [{ name: 'file', file: { filename, content, contentType } }];

  /** Sends the upload and checks it was refused with `code` and left nothing behind. */
  async function expectRefused(body: { payload: Buffer; headers: Record<string, string> }, code?: string) {
    const [rows, files] = [await rowCounts(t), await filesUnder(store())];
    const res = await post(body);
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    const error = res.json().error;
    expect(isErrorCode(error.code), error.code).toBe(true);
    if (code) expect(error.code).toBe(code);
    expect(await rowCounts(t)).toEqual(rows);
    expect(await filesUnder(store())).toEqual(files);
    return res;
  }

  async function downloadOf(evidenceId: number) {
    const res = await t.as('supervisor')({ method: 'GET', url: `/api/evidence/${evidenceId}/download` });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain('sandbox');
    return res;
  }

  it.each(disguised.map((d) => [d.name, d] as const))('when %s is uploaded, it is refused or kept only as what its content is', async (_name, d) => {
    const body = multipart(file(d.filename, d.content, d.contentType));
    if (!d.keptAs) {
      await expectRefused(body, 'evidence.type_not_allowed');
      return;
    }
    const res = await post(body);
    expect(res.statusCode).toBe(201);
    const [row] = await t.db.select().from(evidence).where(eq(evidence.id, res.json().evidenceId));
    expect(row.mime).toBe(d.keptAs);
    expect((await downloadOf(row.id)).headers['content-type']).toMatch(new RegExp(`^${d.keptAs}`));
  });

  it.each(Object.keys(zipBombs) as Array<keyof typeof zipBombs>)('when the zip bomb %s is uploaded as an Office file, it is refused before more than the limits is inflated', async (kind) => {
    const bomb = await zipBombs[kind]();
    const name = kind.endsWith('Xlsx') ? '整改台账.xlsx' : '整改报告.docx';
    await expectRefused(multipart(file(name, bomb, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')), 'evidence.zip_bomb');
  });

  it('when a workbook with outbound formulas and a million empty rows is uploaded as evidence, it is kept as an inert attachment, byte for byte', async () => {
    const workbook = await formulaWorkbook();
    const res = await post(multipart(file('台账（100万行）.xlsx', workbook)));
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await t.db.select().from(evidence).where(eq(evidence.id, res.json().evidenceId));
    expect(row).toMatchObject({ kind: 'office', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: workbook.length });
    expect((await downloadOf(row.id)).rawPayload.equals(workbook)).toBe(true);
  });

  it.each([
    ['../../etc/passwd.pdf'],
    ['..\\..\\Windows\\system32\\evil.pdf'],
    ['/absolute/path/x.pdf'],
    ['nul\u0000byte.pdf'],
    ['line\r\nX-Injected: 1.pdf'],
    ['right-to-left\u202Efdp.exe'],
    ['a'.repeat(5000) + '.pdf'],
    ['CON.pdf'],
  ])('when the file name is %j, the stored name is cleaned, the key is the server’s and the file lies inside the store', async (filename) => {
    const res = await post(multipart(file(filename, tinyPdf())));
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await t.db.select().from(evidence).where(eq(evidence.id, res.json().evidenceId));
    expect(row.fileName).not.toMatch(/[/\\\u0000\r\n\u202E]|\.\./);
    expect(Array.from(row.fileName).length).toBeLessThanOrEqual(120);
    expect(row.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}$/);
    expect(await filesUnder(store())).toContain(row.storageKey);
    const download = await downloadOf(row.id);
    expect(Object.keys(download.headers)).not.toContain('x-injected');
  });

  describe('malformed multipart', () => {
    const pdfPart = () => multipart(file('ok.pdf', tinyPdf()));
    it.each([
      ['the closing boundary missing', () => ({ ...pdfPart(), payload: pdfPart().payload.subarray(0, -40) })],
      ['a boundary that never appears', () => ({ payload: pdfPart().payload, headers: { 'content-type': 'multipart/form-data; boundary=not-the-real-one' } })],
      ['no boundary parameter', () => ({ payload: pdfPart().payload, headers: { 'content-type': 'multipart/form-data' } })],
      ['garbage instead of parts', () => ({ payload: Buffer.from('\u0000\u0001garbage'.repeat(100)), headers: { 'content-type': 'multipart/form-data; boundary=xyz' } })],
      ['more parts than allowed', () => multipart(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, value: 'x' })))],
      ['the file under another field name', () => multipart([{ name: 'upload', file: { filename: 'a.pdf', content: tinyPdf() } }])],
      ['a part header of 100 KiB', () => multipart([{ name: 'x'.repeat(100 * 1024), file: { filename: 'a.pdf', content: tinyPdf() } }])],
      ['a file over the size limit', () => multipart(file('big.pdf', Buffer.concat([tinyPdf(), Buffer.alloc(21 * 1024 * 1024, 0x20)])))],
      ['a raw PDF without multipart', () => ({ payload: tinyPdf(), headers: { 'content-type': 'application/pdf' } })],
      ['multipart/mixed', () => ({ payload: pdfPart().payload, headers: { 'content-type': pdfPart().headers['content-type'].replace('form-data', 'mixed') } })],
    ])('when the body has %s, it is refused with a catalogued 4xx and nothing is written', async (_case, make) => {
      await expectRefused(make());
    });
  });

  it('when two files are sent where one is allowed, it is refused and neither is stored (the sweep below finds no file left)', async () => {
    const before = await t.db.select({ id: evidence.id }).from(evidence);
    const res = await post(multipart([...file('first.pdf', tinyPdf()), ...file('second.pdf', tinyPdf('second'))]));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'common.one_file_only', message: expect.stringContaining('只能上传一个文件') });
    expect(await t.db.select({ id: evidence.id }).from(evidence)).toEqual(before);
    // One file alone is still taken.
    expect((await post(multipart(file('alone.pdf', tinyPdf())))).statusCode).toBe(201);
  });

  describe('the ledger import', () => {
    const importing = (content: Buffer | string, filename = '台账.xlsx') =>
      multipart([{ name: 'file', file: { filename, content, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }]);
    const importRoute = () => t.app.routePolicy.some((r) => r.url === '/api/items/import');

    /** Import answers: a refusal, or a report that creates nothing. Either way no 5xx and no rows. */
    async function expectNothingImported(body: { payload: Buffer; headers: Record<string, string> }, query: string) {
      const rows = await rowCounts(t);
      const res = await t.as('branch')({ method: 'POST', url: `/api/items/import${query}`, payload: body.payload, headers: body.headers });
      expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
      if (res.statusCode >= 400) expect(isErrorCode(res.json().error.code), res.body).toBe(true);
      expect(await rowCounts(t)).toEqual(rows);
      return res;
    }

    it.each(['?dryRun=true', ''])('when a workbook of outbound formulas and a million empty rows is imported (query %j), nothing is created and nothing fails', async (query) => {
      if (!importRoute()) return expect(importRoute()).toBe(false);
      await expectNothingImported(importing(await formulaWorkbook()), query);
    });

    it.each(Object.keys(zipBombs) as Array<keyof typeof zipBombs>)('when the zip bomb %s is imported, it is refused before it is inflated', async (kind) => {
      if (!importRoute()) return expect(importRoute()).toBe(false);
      const res = await expectNothingImported(importing(await zipBombs[kind]()), '');
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
    });

    it('when two workbooks are sent in one import, it is refused and nothing is imported', async () => {
      if (!importRoute()) return expect(importRoute()).toBe(false);
      const workbook = await formulaWorkbook();
      const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      const res = await expectNothingImported(
        multipart([{ name: 'file', file: { filename: '一.xlsx', content: workbook, contentType: xlsx } }, { name: 'file', file: { filename: '二.xlsx', content: workbook, contentType: xlsx } }]),
        '',
      );
      expect(res.json().error.code).toBe('common.one_file_only');
    });

    it.each(disguised.map((d) => [d.name, d] as const))('when %s is imported as a ledger, it is refused', async (_name, d) => {
      if (!importRoute()) return expect(importRoute()).toBe(false);
      const res = await expectNothingImported(importing(d.content, d.filename), '');
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
    });
  });

  it('after all of that, every stored file has its row and every row its file', async () => {
    const rows = await t.db.select({ key: evidence.storageKey, thumb: evidence.thumbnailKey }).from(evidence);
    const keys = rows.flatMap((r) => (r.thumb ? [r.key, r.thumb] : [r.key])).sort();
    expect(await filesUnder(store())).toEqual(keys);
  });
});
