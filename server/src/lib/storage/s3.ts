import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { systemClock, type Clock } from '../clock.js';
import { FileError } from '../files/errors.js';
import {
  assertStorageKey,
  isStorageKey,
  newStorageKey,
  type ByteRange,
  type CheckFn,
  type PutInput,
  type PutSource,
  type Storage,
  type StoredFile,
  type SweepInput,
  type SweepResult,
} from './storage.js';

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key`; OpenStack Swift and most on-premises stores need it. */
  forcePathStyle: boolean;
  /** Put before every key (`evidence/`), so the bucket can hold other things too. */
  prefix: string;
}

/** Parts of 8 MiB (S3 needs at least 5 MiB but for the last), four in flight: at most 32 MiB of an upload in memory. */
const partSize = 8 * 1024 * 1024;
const queueSize = 4;
const tempPrefix = '.spool-';

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    // The SDK's default checksums stream aws-chunked bodies, which Swift and several other stores refuse (501).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Evidence in an S3-compatible bucket, keeping to the calls every such store has (put, multipart upload, head,
 * ranged get, list, delete). An upload is spooled to a local file first, because the content check reads a file
 * and a size limit must cut an upload before anything reaches the bucket; the key is returned only after the store
 * has acknowledged the whole object and a HEAD reads back its size.
 */
export function createS3Storage({
  client,
  bucket,
  prefix = '',
  spoolDir,
  clock = systemClock,
}: {
  client: S3Client;
  bucket: string;
  prefix?: string;
  /** Local directory for uploads in progress (on the data disk: /tmp may be small). */
  spoolDir: string;
  clock?: Clock;
}): Storage & S3Extras {
  const objectKey = (key: string) => `${prefix}${key}`;

  async function spool(file: string, { source, maxBytes }: PutInput) {
    const hash = createHash('sha256');
    let size = 0;
    const handle = await fs.open(file, 'wx', 0o600);
    try {
      for await (const chunk of source instanceof Uint8Array ? [source] : source) {
        if (!(chunk instanceof Uint8Array)) throw new TypeError('put() reads bytes; the source yielded something else');
        if (size + chunk.length > maxBytes) throw new FileError('evidence.too_large', { details: { maxBytes } });
        hash.update(chunk);
        await handle.write(chunk);
        size += chunk.length;
      }
    } finally {
      await handle.close();
    }
    // busboy ends a file stream cleanly when its own limit cuts it, and only flags it.
    if ((source as { truncated?: unknown }).truncated === true) throw new FileError('evidence.too_large', { details: { truncated: true } });
    return { size, sha256: hash.digest('hex') };
  }

  /** Uploads a local file under `key` (multipart above one part), then checks the stored size. */
  async function upload(key: string, file: string, size: number, sha256: string) {
    const upload = new Upload({
      client,
      partSize,
      queueSize,
      leavePartsOnError: false,
      params: { Bucket: bucket, Key: objectKey(key), Body: createReadStream(file), ContentLength: size, ContentType: 'application/octet-stream', Metadata: { sha256 } },
    });
    await upload.done();
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    if (head.ContentLength !== size) throw new Error(`stored object ${key} has ${head.ContentLength} bytes, expected ${size}`);
  }

  async function put<T = undefined>(input: PutInput & { check?: CheckFn<T> }): Promise<StoredFile & { checked: T }> {
    if (!Number.isSafeInteger(input.maxBytes) || input.maxBytes < 0) throw new RangeError('maxBytes must be a non-negative integer');
    const key = newStorageKey();
    await fs.mkdir(spoolDir, { recursive: true, mode: 0o750 });
    const file = path.join(spoolDir, `${tempPrefix}${randomUUID()}`);
    let uploaded = false;
    try {
      const { size, sha256 } = await spool(file, input);
      const checked = (input.check ? await input.check({ path: file, size, sha256 }) : undefined) as T;
      uploaded = true;
      await upload(key, file, size, sha256);
      return { key, size, sha256, checked };
    } catch (err) {
      // A failed multipart upload is aborted by lib-storage; a completed one that failed its check is deleted here.
      if (uploaded) await remove(key).catch(() => undefined);
      throw err;
    } finally {
      await fs.rm(file, { force: true }).catch(() => undefined);
    }
  }

  async function stat(key: string) {
    assertStorageKey(key);
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      return { size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0), sha256: head.Metadata?.sha256 };
    } catch (err) {
      throw readError(err);
    }
  }

  async function remove(key: string) {
    assertStorageKey(key);
    // DeleteObject answers 204 for a missing key too, so HEAD first tells a retry apart from a removal.
    const existed = await exists(key);
    if (existed) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    return existed;
  }

  async function exists(key: string) {
    return stat(key).then(
      () => true,
      (err: unknown) => {
        if (err instanceof FileError && err.code === 'evidence.not_found') return false;
        throw err;
      },
    );
  }

  async function sweep({ isReferenced, olderThanMs }: SweepInput): Promise<SweepResult> {
    const referenced = typeof isReferenced === 'function' ? isReferenced : (key: string) => isReferenced.has(key);
    const cutoff = clock.now().getTime() - olderThanMs;
    const result: SweepResult = { removedTempFiles: 0, removedOrphans: [] };
    const spooled = await fs.readdir(spoolDir).catch(() => [] as string[]);
    for (const name of spooled.filter((n) => n.startsWith(tempPrefix))) {
      const full = path.join(spoolDir, name);
      const mtime = await fs.stat(full).then((s) => s.mtimeMs, () => undefined);
      if (mtime === undefined || mtime >= cutoff) continue;
      if (await fs.rm(full).then(() => true, () => false)) result.removedTempFiles++;
    }
    for await (const object of listObjects()) {
      if (!isStorageKey(object.key) || object.modifiedAt.getTime() >= cutoff) continue;
      // A failing lookup stops the sweep: deleting a referenced file is the one unrecoverable mistake.
      if (await referenced(object.key)) continue;
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(object.key) }));
      result.removedOrphans.push(object.key);
    }
    return result;
  }

  async function* listObjects(): AsyncGenerator<{ key: string; size: number; modifiedAt: Date }> {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (o.Key) yield { key: o.Key.slice(prefix.length), size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  return {
    put,
    async open(key: string, range?: ByteRange) {
      assertStorageKey(key);
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: objectKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
        );
        return object.Body as Readable;
      } catch (err) {
        throw readError(err);
      }
    },
    stat,
    exists,
    remove,
    sweep,
    async putAt(key: string, source: PutSource, { maxBytes }: { maxBytes: number }) {
      assertStorageKey(key);
      await fs.mkdir(spoolDir, { recursive: true, mode: 0o750 });
      const file = path.join(spoolDir, `${tempPrefix}${randomUUID()}`);
      try {
        const { size, sha256 } = await spool(file, { source, maxBytes });
        await upload(key, file, size, sha256);
        return { key, size, sha256 };
      } finally {
        await fs.rm(file, { force: true }).catch(() => undefined);
      }
    },
    listObjects,
    async ensureBucket() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
        // Another instance starting at the same moment may create it first.
        await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((e: unknown) => {
          if (!(e instanceof S3ServiceException && e.name === 'BucketAlreadyOwnedByYou')) throw e;
        });
      }
    },
  };
}

/** What the S3 store offers beyond `Storage`: moving files in under their existing keys, listing, and set-up. */
export interface S3Extras {
  /** Stores `source` under a key chosen by the caller (moving an installation's files keeps their keys). */
  putAt(key: string, source: PutSource, opts: { maxBytes: number }): Promise<StoredFile>;
  /** Every object under the prefix, keys without the prefix (for backups and checks). */
  listObjects(): AsyncGenerator<{ key: string; size: number; modifiedAt: Date }>;
  /** Creates the bucket if it does not exist. */
  ensureBucket(): Promise<void>;
}

function statusOf(err: unknown): number | undefined {
  return err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
}

function readError(err: unknown): unknown {
  const status = statusOf(err);
  if (status === 404 || (err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.name === 'NotFound'))) {
    return new FileError('evidence.not_found', { cause: err });
  }
  return err;
}
