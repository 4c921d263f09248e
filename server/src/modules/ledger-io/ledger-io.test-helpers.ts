import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import type { TestApp } from '../../test/test-app.js';
import { multipart } from '../../test/multipart.js';

export const libreoffice = '/usr/bin/libreoffice';
/** LibreOffice tests run wherever it is installed, and must run (and fail without it) in CI. */
export const haveLibreOffice = existsSync(libreoffice) || process.env.CI === 'true';

/** An .xlsx built by exceljs: one array of rows per sheet, plus whatever `extra` does to the workbook. */
export async function xlsx(sheets: Record<string, unknown[][]>, extra?: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    rows.forEach((row) => sheet.addRow(row));
  }
  extra?.(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function readWorkbook(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

export function importXlsx(t: TestApp, as: string, content: Buffer | string, query = '', filename = '台账.xlsx') {
  const form = multipart([{ name: 'file', file: { filename, content, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }]);
  return t.as(as)({ method: 'POST', url: `/api/items/import${query}`, ...form });
}

export async function exportXlsx(t: TestApp, as: string, query = '') {
  const res = await t.as(as)({ method: 'GET', url: `/api/items/export.xlsx${query}` });
  if (res.statusCode !== 200) throw new Error(`export failed: ${res.statusCode} ${res.body}`);
  return res.rawPayload;
}

/** Runs LibreOffice headless with its own profile (parallel test files must not share one). */
export async function convertWithLibreOffice(input: { name: string; content: Buffer | string }, to: string, { infilter }: { infilter?: string } = {}): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'rectify-lo-'));
  try {
    const source = join(dir, input.name);
    await writeFile(source, input.content);
    await promisify(execFile)(
      libreoffice,
      [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', ...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', to, '--outdir', join(dir, 'out'), source],
      { timeout: 120_000 },
    );
    return await readFile(join(dir, 'out', input.name.replace(/\.[^.]+$/, `.${to.split(':')[0]}`)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One part of a zip package, as text. */
export async function zipEntryText(buffer: Buffer, name: string): Promise<string> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== name) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    throw new Error(`${name} not found`);
  } finally {
    zip.close();
  }
}
