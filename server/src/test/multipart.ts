import { randomBytes } from 'node:crypto';

export interface Part {
  name: string;
  value?: string;
  file?: { filename: string; content: Buffer | string; contentType?: string };
}

/** A multipart/form-data body built byte by byte, so tests can also send what a browser never would. */
export function multipart(parts: Part[]) {
  const boundary = `----rectify${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if (part.file) {
      const encoded = encodeURIComponent(part.file.filename);
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.name}"; filename="${part.file.filename}"; filename*=UTF-8''${encoded}\r\n` +
            `Content-Type: ${part.file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
        ),
      );
      chunks.push(Buffer.isBuffer(part.file.content) ? part.file.content : Buffer.from(part.file.content));
      chunks.push(Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value ?? ''}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The smallest well-formed PDF: enough for content detection to call it a PDF. */
export function tinyPdf(text = 'evidence'): Buffer {
  const body = `1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj`;
  return Buffer.from(`%PDF-1.4\n%\xE2\xE3\xCF\xD3\n${body}\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1');
}
