import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidence } from '../../modules/evidence/evidence.table.js';
import { createItem } from '../../modules/items/items.test-helpers.js';
import { multipart, tinyPdf } from '../../test/multipart.js';
import { startSwiftS3, swiftAvailable, type SwiftS3 } from '../../test/swift-s3.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { moveEvidenceToS3 } from './move-to-s3.js';
import { createS3Storage } from './s3.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe.skipIf(!swiftAvailable())('moving an installation’s evidence from disk to S3', () => {
  let t: TestApp;
  let swift: SwiftS3;
  let bucket: ReturnType<typeof createS3Storage>;
  beforeAll(async () => {
    [t, swift] = await Promise.all([createTestApp(), startSwiftS3()]);
    bucket = createS3Storage({ client: swift.client, bucket: swift.settings.bucket, prefix: 'evidence/', spoolDir: join(t.dataDir, 'spool') });
    await bucket.ensureBucket();
    const item = await createItem(t);
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#03c' } }).png().toBuffer();
    const upload = (filename: string, content: Buffer, contentType: string) =>
      t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/evidence`, ...multipart([{ name: 'file', file: { filename, content, contentType } }]) });
    await upload('会议记录.pdf', tinyPdf('move'), 'application/pdf');
    await upload('照片.png', png, 'image/png');
    const removed = (await upload('误传.pdf', tinyPdf('removed'), 'application/pdf')).json().evidenceId;
    await t.as('branch')({ method: 'DELETE', url: `/api/items/${item.id}/evidence/${removed}` });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await swift?.stop();
  });

  it('when moved, every file, thumbnail and removed file is in the bucket under its key with the recorded SHA-256', async () => {
    const result = await moveEvidenceToS3({ db: t.db, from: t.app.storage, to: bucket });

    expect(result).toMatchObject({ copied: 4, alreadyThere: 0, failures: [] });
    for (const row of await t.db.select().from(evidence)) {
      expect(sha256(await buffer(await bucket.open(row.storageKey)))).toBe(row.sha256);
      expect(await buffer(await bucket.open(row.thumbnailKey ?? row.storageKey))).toEqual(await buffer(await t.app.storage.open(row.thumbnailKey ?? row.storageKey)));
    }
  });

  it('when run again, it copies nothing; when a file on disk was damaged, it says which and leaves no bad copy', async () => {
    expect(await moveEvidenceToS3({ db: t.db, from: t.app.storage, to: bucket })).toMatchObject({ copied: 0, alreadyThere: 4, failures: [] });

    const [row] = await t.db.select().from(evidence).where(eq(evidence.fileName, '会议记录.pdf'));
    await bucket.remove(row.storageKey);
    await writeFile(join(t.dataDir, 'evidence', ...row.storageKey.split('/')), 'damaged');
    const again = await moveEvidenceToS3({ db: t.db, from: t.app.storage, to: bucket });

    expect(again.failures).toEqual([{ key: row.storageKey, reason: expect.stringContaining('recorded') }]);
    expect(await bucket.exists(row.storageKey)).toBe(false);
  });
});
