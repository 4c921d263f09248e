import { fileTypeFromBuffer } from 'file-type';
import { isCfb, readCfbNames } from './cfb.js';
import { FileError } from './errors.js';
import { findEmbeddedMarkup } from './markup.js';
import { readFile } from 'node:fs/promises';
import { readChunks, readHead, type FileInput } from './source.js';
import { classifyText } from './text.js';
import { assertZipInflates, type ZipLimits } from './zip.js';

export { assertSafeZip, assertZipInflates, defaultZipLimits, type ZipLimits, type ZipSummary } from './zip.js';
export type { FileInput } from './source.js';

export type FileKind = 'pdf' | 'image' | 'office' | 'text';

export interface DetectedType {
  mime: string;
  /** The extension the content deserves, without a dot, e.g. for a download name. */
  ext: string;
  kind: FileKind;
  /** For text only: serve it as `text/plain; charset=…`. */
  charset?: 'utf-8' | 'gb18030';
}

const pdf: DetectedType = { mime: 'application/pdf', ext: 'pdf', kind: 'pdf' };

/** Images by the MIME type file-type reports from their magic bytes. */
const images: Record<string, DetectedType> = {
  'image/png': { mime: 'image/png', ext: 'png', kind: 'image' },
  'image/jpeg': { mime: 'image/jpeg', ext: 'jpg', kind: 'image' },
  'image/gif': { mime: 'image/gif', ext: 'gif', kind: 'image' },
  'image/webp': { mime: 'image/webp', ext: 'webp', kind: 'image' },
  'image/heic': { mime: 'image/heic', ext: 'heic', kind: 'image' },
  'image/heif': { mime: 'image/heif', ext: 'heif', kind: 'image' },
};

/** OOXML packages by their main part; OPC part names compare case-insensitively. */
const ooxml: Array<[string, DetectedType]> = [
  ['word/document.xml', { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', kind: 'office' }],
  ['xl/workbook.xml', { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', kind: 'office' }],
  ['ppt/presentation.xml', { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx', kind: 'office' }],
];

const doc: DetectedType = { mime: 'application/msword', ext: 'doc', kind: 'office' };
const xls: DetectedType = { mime: 'application/vnd.ms-excel', ext: 'xls', kind: 'office' };

const textTypes: DetectedType[] = [
  { mime: 'text/plain', ext: 'txt', kind: 'text' },
  { mime: 'text/csv', ext: 'csv', kind: 'text' },
];
const allTypes = [pdf, ...Object.values(images), ...ooxml.map(([, type]) => type), doc, xls, ...textTypes];

/** The extension files of a detected MIME type are stored and served under; `bin` for anything else. */
export function extensionOf(mime: string): string {
  const essence = mime.split(';')[0].trim().toLowerCase();
  return allTypes.find((type) => type.mime === essence)?.ext ?? 'bin';
}

/** Enough for every magic number file-type knows. */
const headBytes = 4100;

/**
 * Decides from the content alone whether a file is an allowed evidence type; the client's name and MIME type
 * play no part. Anything not positively recognised is refused with `evidence.type_not_allowed`, and zip-based
 * files with `evidence.zip_bomb`: before anything in them is decompressed if their declared sizes are out of
 * bounds, and as soon as their real content crosses the same bounds while every entry is inflated and counted.
 */
export async function detectFileType(input: FileInput, options: { zipLimits?: Partial<ZipLimits> } = {}): Promise<DetectedType> {
  const head = await readHead(input, headBytes);
  if (head.length === 0) throw notAllowed('empty');
  // Zips never reach file-type: it inflates entries to tell Office formats apart, before our size checks.
  if (isZip(head)) return detectOoxml(input, options.zipLimits);
  if (isCfb(head)) return detectLegacyOffice(input);
  // Own check because file-type names PDFs written by Illustrator `ai`; they are PDFs all the same.
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return withoutMarkup(input, pdf);
  const sniffed = await fileTypeFromBuffer(head);
  if (sniffed) {
    const image = images[sniffed.mime];
    if (image) return withoutMarkup(input, image);
    throw notAllowed('binary', { detected: sniffed.mime });
  }
  const text = await classifyText(() => readChunks(input));
  return text.csv
    ? { mime: 'text/csv', ext: 'csv', kind: 'text', charset: text.charset }
    : { mime: 'text/plain', ext: 'txt', kind: 'text', charset: text.charset };
}

function isZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && [0x0304, 0x0506, 0x0708].includes(head.readUInt16BE(2));
}

/**
 * A PDF or a picture that also holds a page (a polyglot) is refused: a browser sniffing it, or a viewer handing
 * it on, could run what it carries. Office files are left out: their XML is compressed, and a .doc's text may
 * well quote a tag.
 */
async function withoutMarkup(input: FileInput, type: DetectedType): Promise<DetectedType> {
  const found = await findEmbeddedMarkup(readChunks(input));
  if (found) throw notAllowed(`embedded_${found}`, { detected: type.mime });
  return type;
}

async function detectOoxml(input: FileInput, limits?: Partial<ZipLimits>): Promise<DetectedType> {
  const { entries } = await assertZipInflates(input, limits);
  const names = new Set(entries.map((entry) => entry.name.toLowerCase()));
  if (!names.has('[content_types].xml')) throw notAllowed('zip_not_office');
  // Macro-enabled documents (docm, xlsm…) carry code; a renamed one still holds its VBA project.
  if ([...names].some((name) => name.endsWith('vbaproject.bin'))) throw notAllowed('macros');
  const match = ooxml.find(([part]) => names.has(part));
  if (!match) throw notAllowed('zip_not_office');
  return match[1];
}

async function detectLegacyOffice(input: FileInput): Promise<DetectedType> {
  // The whole file in memory, as `cfb` reads it: no more than the upload limit (see cfb.ts for what that costs).
  const names = readCfbNames(typeof input === 'string' ? await readFile(input) : Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  const all = new Set(names.all.map((name) => name.toLowerCase()));
  if (all.has('macros') || all.has('_vba_project_cur') || all.has('vba')) throw notAllowed('macros');
  // Only the root's own streams count: an XLS may embed a Word document and the other way round.
  const top = new Set(names.top.map((name) => name.toLowerCase()));
  if (top.has('worddocument')) return doc;
  if (top.has('workbook') || top.has('book')) return xls;
  // MSI installers, Outlook messages, password-protected OOXML (EncryptedPackage) and the like.
  throw notAllowed('cfb_not_office');
}

function notAllowed(reason: string, details: Record<string, unknown> = {}) {
  return new FileError('evidence.type_not_allowed', { details: { reason, ...details } });
}
