import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const hasLibreOffice = existsSync('/usr/bin/libreoffice') || existsSync('/usr/bin/soffice');
/** On CI a missing LibreOffice is a failure, not a reason to skip. */
export const skipOffice = !hasLibreOffice && process.env.CI !== 'true';

/**
 * Converts an Office document with LibreOffice (its own profile directory, so parallel test files do not collide)
 * and returns the PDF, its text (pdftotext) and the first page as PNG (pdftoppm).
 */
export async function convertToPdf(document: Buffer, ext: 'docx' | 'xlsx') {
  const dir = await mkdtemp(join(tmpdir(), 'rectify-office-'));
  try {
    const input = join(dir, `document.${ext}`);
    await writeFile(input, document);
    await run('libreoffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], { timeout: 120_000 });
    const pdf = await readFile(join(dir, 'document.pdf'));
    const { stdout: text } = await run('pdftotext', ['-layout', join(dir, 'document.pdf'), '-'], { maxBuffer: 10 * 1024 * 1024 });
    await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', join(dir, 'document.pdf'), join(dir, 'page')]);
    const pageFile = (await readdir(dir)).find((f) => f.startsWith('page') && f.endsWith('.png'))!;
    const { stdout: info } = await run('pdfinfo', [join(dir, 'document.pdf')]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
    return { pdf, text, pages, firstPage: await readFile(join(dir, pageFile)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
