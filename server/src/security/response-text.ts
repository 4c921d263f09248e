import type { LightMyRequestResponse } from 'fastify';
import yauzl from 'yauzl';

/** Every entry of a zip (xlsx, docx) as text, so an export can be searched like a JSON answer. */
async function zipText(bytes: Buffer): Promise<string> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, autoClose: true });
  const parts: string[] = [];
  for await (const entry of zip.eachEntry()) {
    if (entry.uncompressedSize > 64 * 1024 * 1024) continue;
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    parts.push(Buffer.concat(chunks).toString('utf8'));
  }
  return parts.join('\n');
}

/**
 * What a person could read in a response: JSON and text as they are, Office files (zip) entry by entry.
 * Other binaries (images, PDFs) yield their bytes as latin1, which still shows plain-text markers.
 */
export async function responseText(res: LightMyRequestResponse): Promise<string> {
  const raw = res.rawPayload;
  if (raw.length >= 4 && raw[0] === 0x50 && raw[1] === 0x4b) return zipText(raw).catch(() => raw.toString('latin1'));
  const type = String(res.headers['content-type'] ?? '');
  if (/json|text|csv|xml|html/.test(type)) return res.body;
  return raw.toString('latin1');
}
