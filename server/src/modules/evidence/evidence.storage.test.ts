import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createS3Storage } from '../../lib/storage/s3.js';
import { multipart, tinyPdf } from '../../test/multipart.js';
import { startSwiftS3, swiftAvailable, type SwiftS3 } from '../../test/swift-s3.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';

/** The evidence API over each storage backend: the same answers whether files live on disk or in a bucket. */
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const backends = [
  { name: 'local disk', s3: false, available: () => true },
  { name: 'S3 (OpenStack Swift)', s3: true, available: swiftAvailable },
];

for (const backend of backends) {
  describe.skipIf(!backend.available())(`evidence on ${backend.name}`, () => {
    let t: TestApp;
    let swift: SwiftS3 | undefined;
    let item: { id: number };
    /** Every stored object, so a test can tell that a refused upload left nothing behind. */
    let storedCount: () => Promise<number>;

    beforeAll(async () => {
      if (backend.s3) swift = await startSwiftS3();
      const s3 = swift ? { ...swift.settings, prefix: 'evidence/' } : undefined;
      // Swift rounds an object's Last-Modified up to the next second; a clock a little ahead lets the sweep see it as old.
      t = await createTestApp({ config: { uploadMaxBytes: 20 * 1024 * 1024, s3 }, clock: { now: () => new Date(Date.now() + 5000) } });
      item = await createItem(t);
      storedCount = async () => {
        if (!s3) return (await readdir(join(t.dataDir, 'evidence'), { recursive: true }).catch(() => [])).filter((f) => /[0-9a-f-]{36}$/.test(f)).length;
        let n = 0;
        for await (const _ of createS3Storage({ client: swift!.client, bucket: s3.bucket, prefix: s3.prefix, spoolDir: t.dataDir }).listObjects()) n++;
        return n;
      };
    }, 120_000);
    afterAll(async () => {
      await t?.close();
      await swift?.stop();
    });

    const upload = (filename: string, content: Buffer, contentType = 'application/pdf') =>
      t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/evidence`, ...multipart([{ name: 'file', file: { filename, content, contentType } }]) });
    const download = (id: number, headers: Record<string, string> = {}) => t.as('supervisor')({ method: 'GET', url: `/api/evidence/${id}/download`, headers });

    it('when a file is downloaded whole or by a byte range, it answers 200 or 206 with exactly those bytes', async () => {
      const pdf = tinyPdf('整改佐证 range');
      const res = await upload('会议记录.pdf', pdf);
      expect(res.statusCode).toBe(201);
      const id = res.json().evidenceId;

      const whole = await download(id);
      expect(whole.statusCode).toBe(200);
      expect(whole.rawPayload.equals(pdf)).toBe(true);
      expect(whole.headers['accept-ranges']).toBe('bytes');
      expect(whole.headers.etag).toBe(`"${sha256(pdf)}"`);

      const part = await download(id, { range: 'bytes=5-14' });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 5-14/${pdf.length}`);
      expect(part.rawPayload.equals(pdf.subarray(5, 15))).toBe(true);

      const tail = await download(id, { range: 'bytes=-10', 'if-range': `"${sha256(pdf)}"` });
      expect(tail.statusCode).toBe(206);
      expect(tail.rawPayload.equals(pdf.subarray(-10))).toBe(true);

      const beyond = await download(id, { range: `bytes=${pdf.length + 10}-` });
      expect(beyond.statusCode).toBe(416);
      expect(beyond.json().error.code).toBe('evidence.range_not_satisfiable');
      expect(beyond.headers['content-range']).toBe(`bytes */${pdf.length}`);

      expect((await download(id, { range: 'bytes=0-1,5-6' })).statusCode).toBe(200);
      expect((await download(id, { range: 'bytes=0-1', 'if-range': '"another"' })).statusCode).toBe(200);
    });

    it('when a file larger than one upload part arrives, it is stored whole with its SHA-256', async () => {
      const big = Buffer.concat([tinyPdf('big'), Buffer.alloc(9 * 1024 * 1024, 0x20)]);
      const res = await upload('大文件.pdf', big);
      expect(res.statusCode).toBe(201);
      const row = res.json().item.evidence.find((e: { id: number }) => e.id === res.json().evidenceId);
      expect(row.sha256).toBe(sha256(big));
      expect(sha256((await download(row.id)).rawPayload)).toBe(sha256(big));
    }, 60_000);

    it('when an image is uploaded, its WebP thumbnail is stored beside it and served', async () => {
      const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#0a0' } }).png().toBuffer();
      const res = await upload('现场照片.png', png, 'image/png');
      expect(res.statusCode).toBe(201);
      const thumb = await t.as('branch')({ method: 'GET', url: `/api/evidence/${res.json().evidenceId}/thumbnail` });
      expect(thumb.statusCode).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/webp');
      expect((await sharp(thumb.rawPayload).metadata()).format).toBe('webp');
    });

    it('when an upload is refused after storing (a second file, a wrong type, too large), no object is left', async () => {
      const before = await storedCount();
      const two = multipart([
        { name: 'file', file: { filename: 'a.pdf', content: tinyPdf('a'), contentType: 'application/pdf' } },
        { name: 'file', file: { filename: 'b.pdf', content: tinyPdf('b'), contentType: 'application/pdf' } },
      ]);
      const twoFiles = await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/evidence`, ...two });
      expect(twoFiles.statusCode).toBe(400);
      expect((await upload('假.pdf', Buffer.from('<html><script>alert(1)</script></html>'))).statusCode).toBe(415);
      expect((await upload('超大.pdf', Buffer.alloc(21 * 1024 * 1024, 0x20))).statusCode).toBe(413);
      expect(await storedCount()).toBe(before);
    }, 60_000);

    it('when a stored file has no row, the sweeper deletes it and every referenced file stays readable', async () => {
      const orphan = await t.app.storage.put({ source: tinyPdf('orphan'), maxBytes: 1024 * 1024 });
      const result = await t.app.sweepEvidence(0);
      expect(result.removedOrphans).toEqual([orphan.key]);
      expect(await t.app.storage.exists(orphan.key)).toBe(false);
      const detail = (await t.as('branch')({ method: 'GET', url: `/api/items/${item.id}` })).json();
      for (const e of detail.evidence as Array<{ id: number; sha256: string }>) expect(sha256((await download(e.id)).rawPayload)).toBe(e.sha256);
    });
  });
}
