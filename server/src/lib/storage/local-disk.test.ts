import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { FileError } from '../files/errors.js';
import { createLocalDiskStorage, type StorageFs } from './local-disk.js';
import { isStorageKey } from './storage.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rectify-storage-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every file under the store, relative to it: the tests' view of "what was left behind". */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

function sha256(data: Uint8Array | string) {
  return createHash('sha256').update(data).digest('hex');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (err: unknown) => err,
  );
}

function chunks(count: number, size: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      this.push(sent++ < count ? Buffer.alloc(size, 0x61) : null);
    },
  });
}

describe('put', () => {
  it('when a stream is stored, it returns a server key, size and SHA-256 and the content reads back', async () => {
    const storage = createLocalDiskStorage({ root });
    const stored = await storage.put({ source: Readable.from([Buffer.from('整改'), Buffer.from('佐证')]), maxBytes: 1024 });

    expect(isStorageKey(stored.key)).toBe(true);
    expect(stored.size).toBe(Buffer.byteLength('整改佐证'));
    expect(stored.sha256).toBe(sha256('整改佐证'));
    expect(await text(await storage.open(stored.key))).toBe('整改佐证');
    expect(await filesOnDisk()).toEqual([stored.key]);
  });

  it('when a buffer is stored, it needs no stream', async () => {
    const storage = createLocalDiskStorage({ root });
    const stored = await storage.put({ source: Buffer.from('abc'), maxBytes: 3 });
    expect(await readFile(path.join(root, stored.key), 'utf8')).toBe('abc');
  });

  it('when two uploads are stored, their keys differ whatever the content', async () => {
    const storage = createLocalDiskStorage({ root });
    const a = await storage.put({ source: Buffer.from('same'), maxBytes: 10 });
    const b = await storage.put({ source: Buffer.from('same'), maxBytes: 10 });
    expect(a.key).not.toBe(b.key);
    expect(a.sha256).toBe(b.sha256);
  });

  it('when the content exceeds maxBytes, it throws evidence.too_large, stops reading and leaves nothing', async () => {
    const storage = createLocalDiskStorage({ root });
    const source = chunks(100, 1024);
    const err = await rejection(storage.put({ source, maxBytes: 10 * 1024 }));

    expect(err).toBeInstanceOf(FileError);
    expect(err).toMatchObject({ code: 'evidence.too_large', status: 413 });
    expect(source.destroyed).toBe(true);
    expect(await filesOnDisk()).toEqual([]);
  });

  it('when the source says it was truncated (a multipart size limit), it throws evidence.too_large and leaves nothing', async () => {
    const storage = createLocalDiskStorage({ root });
    const source = Object.assign(Readable.from([Buffer.from('first megabyte')]), { truncated: true });
    expect(await rejection(storage.put({ source, maxBytes: 1 << 20 }))).toMatchObject({ code: 'evidence.too_large' });
    expect(await filesOnDisk()).toEqual([]);
  });

  it('when the content is exactly maxBytes, it is accepted', async () => {
    const storage = createLocalDiskStorage({ root });
    const stored = await storage.put({ source: chunks(4, 256), maxBytes: 1024 });
    expect(stored.size).toBe(1024);
  });

  it('when the client disconnects mid-upload, it rethrows the stream error and leaves no temp file', async () => {
    const storage = createLocalDiskStorage({ root });
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent++ < 3) this.push(Buffer.alloc(4096, 1));
        else this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      },
    });
    const err = await rejection(storage.put({ source, maxBytes: 1 << 20 }));

    expect(err).toMatchObject({ message: 'aborted', code: 'ECONNRESET' });
    expect(await filesOnDisk()).toEqual([]);
  });

  it('when the disk fills up while writing, it throws evidence.storage_full and leaves nothing', async () => {
    // A real file handle whose second write fails the way a full disk does.
    const fs: StorageFs = {
      ...nodeFs,
      async open(file, flags, mode) {
        const handle = await nodeFs.open(file, flags, mode);
        if (flags !== 'wx') return handle;
        let writes = 0;
        return {
          write: async (buffer, offset, length) => {
            if (++writes > 1) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
            return handle.write(buffer, offset, length);
          },
          sync: () => handle.sync(),
          close: () => handle.close(),
          createReadStream: () => handle.createReadStream(),
        };
      },
    };
    const storage = createLocalDiskStorage({ root, fs });
    const err = await rejection(storage.put({ source: chunks(5, 1024), maxBytes: 1 << 20 }));

    expect(err).toMatchObject({ code: 'evidence.storage_full', status: 507 });
    expect((err as FileError).cause).toMatchObject({ code: 'ENOSPC' });
    expect(await filesOnDisk()).toEqual([]);
  });

  it('when the source yields strings instead of bytes, it refuses it and leaves nothing', async () => {
    const storage = createLocalDiskStorage({ root });
    const source = Readable.from(['text']);
    expect(await rejection(storage.put({ source, maxBytes: 100 }))).toBeInstanceOf(TypeError);
    expect(await filesOnDisk()).toEqual([]);
  });

  it('when the check rejects the content, it rethrows that error and leaves nothing', async () => {
    const storage = createLocalDiskStorage({ root });
    const err = await rejection(
      storage.put({
        source: Buffer.from('<html>'),
        maxBytes: 100,
        check: async () => {
          throw new FileError('evidence.type_not_allowed');
        },
      }),
    );
    expect(err).toMatchObject({ code: 'evidence.type_not_allowed' });
    expect(await filesOnDisk()).toEqual([]);
  });

  it('when the check accepts, it sees the complete temp file before it becomes visible and returns its result', async () => {
    const storage = createLocalDiskStorage({ root });
    const stored = await storage.put({
      source: Buffer.from('%PDF-1.7'),
      maxBytes: 100,
      check: async (file) => {
        expect(path.basename(file.path)).toMatch(/^\.tmp-/);
        expect(await readFile(file.path, 'utf8')).toBe('%PDF-1.7');
        expect(await filesOnDisk()).toHaveLength(1);
        return { size: file.size, sha256: file.sha256 };
      },
    });
    expect(stored.checked).toEqual({ size: 8, sha256: sha256('%PDF-1.7') });
    expect(await filesOnDisk()).toEqual([stored.key]);
  });
});

describe('keys', () => {
  it.each(['../etc/passwd', 'ab/cd/../../x', '/etc/passwd', 'ab/cd', '', 'AB/CD/abcd0000-0000-4000-8000-000000000000', 'ab\\cd\\x'])(
    'when given the key %j, open, stat, exists and remove refuse it with evidence.invalid_key',
    async (key) => {
      const storage = createLocalDiskStorage({ root });
      for (const call of [storage.open(key), storage.stat(key), storage.exists(key), storage.remove(key)]) {
        expect(await rejection(call)).toMatchObject({ code: 'evidence.invalid_key', status: 400 });
      }
    },
  );

  it("when the key's directories do not match its uuid, it is refused", async () => {
    const storage = createLocalDiskStorage({ root });
    expect(await rejection(storage.stat('00/00/abcd0000-0000-4000-8000-000000000000'))).toMatchObject({ code: 'evidence.invalid_key' });
  });
});

describe('open, stat, exists, remove', () => {
  it('when a key holds a file, stat reports its size and exists is true', async () => {
    const storage = createLocalDiskStorage({ root });
    const { key } = await storage.put({ source: Buffer.from('12345'), maxBytes: 5 });
    expect(await storage.stat(key)).toMatchObject({ size: 5, modifiedAt: expect.any(Date) });
    expect(await storage.exists(key)).toBe(true);
  });

  it('when a file is removed, it is gone and a second remove resolves to false', async () => {
    const storage = createLocalDiskStorage({ root });
    const { key } = await storage.put({ source: Buffer.from('x'), maxBytes: 5 });
    expect(await storage.remove(key)).toBe(true);
    expect(await storage.remove(key)).toBe(false);
    expect(await storage.exists(key)).toBe(false);
    expect(await rejection(storage.open(key))).toMatchObject({ code: 'evidence.not_found', status: 404 });
    expect(await rejection(storage.stat(key))).toMatchObject({ code: 'evidence.not_found' });
  });
});

describe('sweep', () => {
  it('when a crash left a temp file and an unreferenced file, an old enough sweep removes both and keeps referenced files', async () => {
    const clock = fixedClock('2026-03-01T00:00:00Z');
    const storage = createLocalDiskStorage({ root, clock });
    const kept = await storage.put({ source: Buffer.from('row committed'), maxBytes: 100 });
    const orphan = await storage.put({ source: Buffer.from('crashed before commit'), maxBytes: 100 });
    const [a, b] = kept.key.split('/');
    const temp = `${a}/${b}/.tmp-00000000-0000-4000-8000-000000000000`;
    await writeFile(path.join(root, temp), 'half an upload');
    await writeFile(path.join(root, 'README'), 'not ours');

    clock.set(new Date(Date.now() + 2 * 3600_000));
    const result = await storage.sweep({ isReferenced: new Set([kept.key]), olderThanMs: 3600_000 });

    expect(result).toEqual({ removedTempFiles: 1, removedOrphans: [orphan.key] });
    expect((await filesOnDisk()).sort()).toEqual(['README', kept.key].sort());
  });

  it('when files are younger than the threshold, it leaves them for an upload that may still commit', async () => {
    const storage = createLocalDiskStorage({ root });
    const young = await storage.put({ source: Buffer.from('just renamed'), maxBytes: 100 });
    const result = await storage.sweep({ isReferenced: async () => false, olderThanMs: 3600_000 });
    expect(result).toEqual({ removedTempFiles: 0, removedOrphans: [] });
    expect(await filesOnDisk()).toEqual([young.key]);
  });

  it('when the reference lookup fails, it stops and removes nothing', async () => {
    const clock = fixedClock(new Date(Date.now() + 86400_000));
    const storage = createLocalDiskStorage({ root, clock });
    const { key } = await storage.put({ source: Buffer.from('x'), maxBytes: 5 });
    const lookup = async () => {
      throw new Error('database unavailable');
    };
    expect(await rejection(storage.sweep({ isReferenced: lookup, olderThanMs: 0 }))).toMatchObject({ message: 'database unavailable' });
    expect(await filesOnDisk()).toEqual([key]);
  });

  it('when the store has never been written to, it sweeps nothing', async () => {
    const storage = createLocalDiskStorage({ root: path.join(root, 'missing') });
    expect(await storage.sweep({ isReferenced: new Set(), olderThanMs: 0 })).toEqual({ removedTempFiles: 0, removedOrphans: [] });
  });
});
