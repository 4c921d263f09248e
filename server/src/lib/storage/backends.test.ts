import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwiftS3, swiftAvailable, type SwiftS3 } from '../../test/swift-s3.js';
import type { Clock } from '../clock.js';
import { FileError } from '../files/errors.js';
import { createLocalDiskStorage } from './local-disk.js';
import { createS3Storage } from './s3.js';
import type { Storage } from './storage.js';

/** The same contract on local disk and on a real S3 API (OpenStack Swift), so either backend can hold the evidence. */
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
// An hour ahead: the sweep then counts every file as old enough.
const later: Clock = { now: () => new Date(Date.now() + 3600_000) };

async function codeOf(promise: Promise<unknown>) {
  return promise.then(
    () => 'resolved',
    (err: unknown) => (err instanceof FileError ? err.code : String(err)),
  );
}

const backends: Array<{ name: string; available: () => boolean; make(): Promise<{ storage: (clock?: Clock) => Storage; spool: string; close(): Promise<void> }> }> = [
  {
    name: 'local disk',
    available: () => true,
    async make() {
      const root = await mkdtemp(path.join(tmpdir(), 'rectify-backend-'));
      return { storage: (clock) => createLocalDiskStorage({ root, clock }), spool: root, close: () => rm(root, { recursive: true, force: true }) };
    },
  },
  {
    name: 'S3 (OpenStack Swift)',
    available: swiftAvailable,
    async make() {
      const swift: SwiftS3 = await startSwiftS3();
      const spool = await mkdtemp(path.join(tmpdir(), 'rectify-spool-'));
      const make = (clock?: Clock) => createS3Storage({ client: swift.client, bucket: swift.settings.bucket, prefix: 'evidence/', spoolDir: spool, clock });
      await make().ensureBucket();
      return {
        storage: make,
        spool,
        close: async () => {
          await swift.stop();
          await rm(spool, { recursive: true, force: true });
        },
      };
    },
  },
];

for (const backend of backends) {
  describe.skipIf(!backend.available())(`evidence storage on ${backend.name}`, () => {
    let env: Awaited<ReturnType<(typeof backend)['make']>>;
    let storage: Storage;
    beforeAll(async () => {
      env = await backend.make();
      storage = env.storage();
    }, 120_000);
    afterAll(async () => env?.close());

    it('when a file is stored, it reads back whole and by byte range, with its size and SHA-256', async () => {
      const content = Buffer.from('整改佐证材料：会议记录'.repeat(100));
      const stored = await storage.put({ source: Readable.from([content.subarray(0, 100), content.subarray(100)]), maxBytes: 1 << 20 });

      expect(stored.size).toBe(content.length);
      expect(stored.sha256).toBe(sha256(content));
      expect(await buffer(await storage.open(stored.key))).toEqual(content);
      expect(await buffer(await storage.open(stored.key, { start: 10, end: 99 }))).toEqual(content.subarray(10, 100));
      expect((await storage.stat(stored.key)).size).toBe(content.length);
      expect(await storage.exists(stored.key)).toBe(true);
    });

    it('when a file is larger than one part, it is uploaded in parts and reads back byte for byte', async () => {
      const content = randomBytes(12 * 1024 * 1024 + 3);
      const stored = await storage.put({ source: Readable.from(content, { objectMode: false, highWaterMark: 256 * 1024 }), maxBytes: 20 << 20 });

      expect(stored.sha256).toBe(sha256(content));
      expect(sha256(await buffer(await storage.open(stored.key)))).toBe(stored.sha256);
      expect(await buffer(await storage.open(stored.key, { start: content.length - 5, end: content.length - 1 }))).toEqual(content.subarray(-5));
    }, 60_000);

    it('when an upload is too large or fails its check, nothing is stored and no spool file stays', async () => {
      const sweepAll = () => env.storage(later).sweep({ isReferenced: () => false, olderThanMs: 0 });
      await sweepAll();

      expect(await codeOf(storage.put({ source: Buffer.alloc(2048), maxBytes: 1024 }))).toBe('evidence.too_large');
      const refused = storage.put({
        source: Buffer.from('not a PDF'),
        maxBytes: 1024,
        check: async () => {
          throw new FileError('evidence.type_not_allowed');
        },
      });
      expect(await codeOf(refused)).toBe('evidence.type_not_allowed');

      expect((await readdir(env.spool, { recursive: true })).filter((f) => /\.(spool|tmp)-/.test(f))).toEqual([]);
      expect(await sweepAll()).toEqual({ removedTempFiles: 0, removedOrphans: [] });
    });

    it('when a file is removed, it is gone, a second removal says so, and reading it is evidence.not_found', async () => {
      const stored = await storage.put({ source: Buffer.from('x'), maxBytes: 10 });

      expect(await storage.remove(stored.key)).toBe(true);
      expect(await storage.remove(stored.key)).toBe(false);
      expect(await storage.exists(stored.key)).toBe(false);
      expect(await codeOf(storage.open(stored.key))).toBe('evidence.not_found');
      expect(await codeOf(storage.stat(stored.key))).toBe('evidence.not_found');
      expect(await codeOf(storage.open('../../etc/passwd'))).toBe('evidence.invalid_key');
    });

    it('when the sweep runs, it removes old files no row refers to and keeps referenced and recent ones', async () => {
      const kept = await storage.put({ source: Buffer.from('kept'), maxBytes: 10 });
      const orphan = await storage.put({ source: Buffer.from('orphan'), maxBytes: 10 });

      const recent = await storage.sweep({ isReferenced: new Set([kept.key]), olderThanMs: 3600_000 });
      expect(recent.removedOrphans).not.toContain(orphan.key);
      const swept = await env.storage(later).sweep({ isReferenced: (key) => key === kept.key, olderThanMs: 60_000 });

      expect(swept.removedOrphans).toContain(orphan.key);
      expect(swept.removedOrphans).not.toContain(kept.key);
      expect(await storage.exists(orphan.key)).toBe(false);
      expect(await storage.exists(kept.key)).toBe(true);
    });
  });
}
