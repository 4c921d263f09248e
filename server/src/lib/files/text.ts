import { FileError } from './errors.js';
import { createMarkupScanner } from './markup.js';

export interface TextInfo {
  charset: 'utf-8' | 'gb18030';
  csv: boolean;
}

/** Control characters never found in text people write (tab, line feed, form feed and carriage return are fine). */
const controlChars = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/;
const sampleChars = 64 * 1024;

/**
 * Accepts UTF-8 (or, failing that, GB18030, which Chinese Windows tools still write) without binary control
 * characters or markup (see `markup.ts`: downloads are attachments with nosniff anyway, but refusing it keeps
 * HTML/SVG/XML out of the store whatever name or type the client claims), and says whether the first lines look like CSV. The whole content is checked, so a
 * binary tail behind a text-looking head is refused. `read` is called again for the second encoding.
 */
export async function classifyText(read: () => AsyncIterable<Uint8Array>): Promise<TextInfo> {
  let sample = await scan(read, 'utf-8');
  let charset: TextInfo['charset'] = 'utf-8';
  if (sample === undefined) {
    sample = await scan(read, 'gb18030');
    charset = 'gb18030';
  }
  if (sample === undefined) throw refused('encoding');
  const start = sample.trimStart();
  if (start === '') throw refused('empty');
  if (start.startsWith('<')) throw refused('markup');
  if (start.startsWith('#!')) throw refused('script');
  return { charset, csv: looksLikeCsv(sample, sample.length >= sampleChars) };
}

/** Resolves to the first characters, to undefined if the bytes are not valid in `encoding`, or throws a refusal. */
async function scan(read: () => AsyncIterable<Uint8Array>, encoding: string): Promise<string | undefined> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const markup = createMarkupScanner({ binary: false });
  let sample = '';
  const inspect = (text: string) => {
    if (controlChars.test(text)) throw refused('binary');
    const found = markup.push(text);
    if (found) throw refused(found);
    if (sample.length < sampleChars) sample += text.slice(0, sampleChars - sample.length);
  };
  try {
    for await (const chunk of read()) inspect(decoder.decode(chunk, { stream: true }));
    inspect(decoder.decode());
  } catch (err) {
    if (err instanceof FileError) throw err;
    if (err instanceof TypeError) return undefined;
    throw err;
  }
  return sample;
}

function looksLikeCsv(sample: string, truncated: boolean): boolean {
  const lines = sample.split(/\r\n|\n|\r/);
  if (truncated) lines.pop();
  const rows = lines.filter((line) => line.trim() !== '').slice(0, 20);
  if (rows.length < 2) return false;
  const counts = rows.map(fieldCount);
  return counts[0] >= 2 && counts.every((count) => count === counts[0]);
}

function fieldCount(line: string): number {
  let fields = 1;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) fields++;
  }
  return fields;
}

function refused(reason: string) {
  return new FileError('evidence.type_not_allowed', { details: { reason: `text_${reason}` } });
}
