import { createHash, randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { systemClock, type Clock } from '../clock.js';
import { FileError } from '../files/errors.js';
import {
  assertStorageKey,
  isStorageKey,
  newStorageKey,
  type CheckFn,
  type PutInput,
  type Storage,
  type StoredFile,
  type SweepInput,
  type SweepResult,
} from './storage.js';

/** The few file-system calls the store makes; `node:fs/promises` satisfies it, tests inject failures. */
export interface StorageFs {
  open(path: string, flags: string, mode?: number): Promise<StorageFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options: { recursive: true; mode?: number }): Promise<string | undefined>;
  stat(path: string): Promise<{ size: number; mtimeMs: number; mtime: Date; isFile(): boolean }>;
  readdir(path: string, options: { withFileTypes: true }): Promise<Array<{ name: string; isFile(): boolean; isDirectory(): boolean }>>;
}

export interface StorageFileHandle {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
  createReadStream(options?: { start?: number; end?: number }): Readable;
}

/** Temporary files share the final file's directory, so the rename is atomic and one directory fsync covers it. */
const tempPrefix = '.tmp-';
const hexDir = /^[0-9a-f]{2}$/;

export function createLocalDiskStorage({
  root,
  fs = nodeFs,
  clock = systemClock,
}: {
  root: string;
  fs?: StorageFs;
  clock?: Clock;
}): Storage {
  const base = path.resolve(root);
  const pathOf = (key: string) => path.join(base, ...key.split('/'));

  async function syncDir(dir: string): Promise<void> {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** A new directory only survives a crash once its parent is synced too. */
  async function ensureDir(dir: string): Promise<void> {
    const created = await fs.mkdir(dir, { recursive: true, mode: 0o750 });
    if (created === undefined) return;
    for (let d = dir; ; d = path.dirname(d)) {
      await syncDir(path.dirname(d));
      if (d === created || d === path.dirname(d)) break;
    }
  }

  async function writeAll(handle: StorageFileHandle, { source, maxBytes }: PutInput) {
    const hash = createHash('sha256');
    let size = 0;
    // Throwing inside for-await destroys a Readable source, so an oversized upload stops being read at once.
    for await (const chunk of source instanceof Uint8Array ? [source] : source) {
      // A stream with an encoding set yields strings, whose length is not their size in bytes.
      if (!(chunk instanceof Uint8Array)) throw new TypeError('put() reads bytes; the source yielded something else');
      if (size + chunk.length > maxBytes) throw new FileError('evidence.too_large', { details: { maxBytes } });
      hash.update(chunk);
      for (let offset = 0; offset < chunk.length; ) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
        if (bytesWritten <= 0) throw new Error('write made no progress');
        offset += bytesWritten;
      }
      size += chunk.length;
    }
    // busboy (under @fastify/multipart) ends a file stream cleanly when its own size limit cuts it, and only
    // flags it; storing that would keep a silently truncated file.
    if ((source as { truncated?: unknown }).truncated === true) throw new FileError('evidence.too_large', { details: { truncated: true } });
    return { size, sha256: hash.digest('hex') };
  }

  async function put<T = undefined>(input: PutInput & { check?: CheckFn<T> }): Promise<StoredFile & { checked: T }> {
    if (!Number.isSafeInteger(input.maxBytes) || input.maxBytes < 0) throw new RangeError('maxBytes must be a non-negative integer');
    const key = newStorageKey();
    const finalPath = pathOf(key);
    const dir = path.dirname(finalPath);
    const tempPath = path.join(dir, `${tempPrefix}${randomUUID()}`);
    let handle: StorageFileHandle | undefined;
    let leftover: string | undefined;
    try {
      await ensureDir(dir);
      handle = await fs.open(tempPath, 'wx', 0o600);
      leftover = tempPath;
      const { size, sha256 } = await writeAll(handle, input);
      await handle.sync();
      const closing = handle;
      handle = undefined;
      await closing.close();
      // Without a check T is undefined, so the cast only names what the signature already promises.
      const checked = (input.check ? await input.check({ path: tempPath, size, sha256 }) : undefined) as T;
      await fs.rename(tempPath, finalPath);
      leftover = finalPath;
      await syncDir(dir);
      leftover = undefined;
      return { key, size, sha256, checked };
    } catch (err) {
      await handle?.close().catch(() => undefined);
      // If this unlink fails too, the sweeper removes the file later.
      if (leftover) await fs.unlink(leftover).catch(() => undefined);
      throw writeError(err);
    }
  }

  async function stat(key: string) {
    assertStorageKey(key);
    try {
      const s = await fs.stat(pathOf(key));
      if (!s.isFile()) throw new FileError('evidence.not_found');
      return { size: s.size, modifiedAt: s.mtime };
    } catch (err) {
      throw readError(err);
    }
  }

  async function sweep({ isReferenced, olderThanMs }: SweepInput): Promise<SweepResult> {
    const referenced = typeof isReferenced === 'function' ? isReferenced : (key: string) => isReferenced.has(key);
    const cutoff = clock.now().getTime() - olderThanMs;
    const result: SweepResult = { removedTempFiles: 0, removedOrphans: [] };
    for (const a of await listDirs(base)) {
      for (const b of await listDirs(path.join(base, a))) {
        const dir = path.join(base, a, b);
        for (const entry of await list(dir)) {
          if (!entry.isFile()) continue;
          const isTemp = entry.name.startsWith(tempPrefix);
          const key = `${a}/${b}/${entry.name}`;
          if (!isTemp && !isStorageKey(key)) continue;
          const full = path.join(dir, entry.name);
          const mtime = await fs.stat(full).then((s) => s.mtimeMs, ignoreMissing);
          if (mtime === undefined || mtime >= cutoff) continue;
          // A failing lookup must stop the sweep: deleting a referenced file is the one unrecoverable mistake.
          if (!isTemp && (await referenced(key))) continue;
          if ((await fs.unlink(full).then(() => true, ignoreMissing)) !== true) continue;
          if (isTemp) result.removedTempFiles++;
          else result.removedOrphans.push(key);
        }
      }
    }
    return result;
  }

  async function list(dir: string) {
    return fs.readdir(dir, { withFileTypes: true }).catch((err: unknown) => ignoreMissing(err) ?? []);
  }

  async function listDirs(dir: string) {
    return (await list(dir)).filter((e) => e.isDirectory() && hexDir.test(e.name)).map((e) => e.name);
  }

  return {
    put,
    async open(key, range) {
      assertStorageKey(key);
      try {
        const handle = await fs.open(pathOf(key), 'r');
        return handle.createReadStream(range ? { start: range.start, end: range.end } : undefined);
      } catch (err) {
        throw readError(err);
      }
    },
    stat,
    async exists(key) {
      return stat(key).then(
        () => true,
        (err: unknown) => {
          if (err instanceof FileError && err.code === 'evidence.not_found') return false;
          throw err;
        },
      );
    },
    async remove(key) {
      assertStorageKey(key);
      return fs.unlink(pathOf(key)).then(
        () => true,
        (err: unknown) => ignoreMissing(err) ?? false,
      );
    },
    sweep,
  };
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Resolves to undefined for a missing file (someone else removed it first) and rethrows anything else. */
function ignoreMissing(err: unknown): undefined {
  if (errnoCode(err) === 'ENOENT') return undefined;
  throw err;
}

/** A full disk is the one write failure the client can be told about; anything else stays a 5xx. */
function writeError(err: unknown): unknown {
  const code = errnoCode(err);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new FileError('evidence.storage_full', { cause: err });
  return err;
}

function readError(err: unknown): unknown {
  const code = errnoCode(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileError('evidence.not_found', { cause: err });
  return err;
}
