import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { FileError } from '../files/errors.js';

/**
 * Where evidence files live. Callers only see server-generated keys, so a later S3-compatible store can implement
 * the same interface without touching them.
 */
export interface Storage {
  /**
   * Streams `source` into the store. Nothing is visible under the returned key until the content is complete,
   * within `maxBytes`, accepted by `check` (if given) and durable. On any failure nothing is left behind.
   */
  put<T = undefined>(input: PutInput & { check?: CheckFn<T> }): Promise<StoredFile & { checked: T }>;
  /** Throws `evidence.not_found` if the key holds nothing. `range` reads only those bytes (for HTTP Range requests). */
  open(key: string, range?: ByteRange): Promise<Readable>;
  /** Throws `evidence.not_found` if the key holds nothing. */
  stat(key: string): Promise<FileStat>;
  exists(key: string): Promise<boolean>;
  /** Resolves to false when there was nothing to remove, so retries are harmless. */
  remove(key: string): Promise<boolean>;
  /**
   * Removes what an interrupted upload can leave: temporary files, and stored files no row refers to
   * (a crash between the rename and the row's commit). Only files older than `olderThanMs` are touched, so that
   * must exceed the longest time between `put` resolving and its row committing.
   */
  sweep(input: SweepInput): Promise<SweepResult>;
}

/** Anything `for await` can read (a Node Readable, a multipart file stream) or the whole content at once. */
export type PutSource = AsyncIterable<Uint8Array> | Uint8Array;

export interface PutInput {
  source: PutSource;
  maxBytes: number;
}

/**
 * Inspects the complete, not yet visible file (e.g. content type detection); throwing rejects the upload.
 * `path` is a local temporary file: a remote store would spool to local disk before uploading.
 */
export type CheckFn<T> = (file: { path: string; size: number; sha256: string }) => Promise<T>;

/** Inclusive byte offsets, both within the file, as HTTP's `Range: bytes=start-end` names them. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredFile {
  key: string;
  size: number;
  /** Lower-case hex. */
  sha256: string;
}

export interface FileStat {
  size: number;
  modifiedAt: Date;
}

export interface SweepInput {
  /** A lookup against the table that references keys, or the full set of referenced keys. */
  isReferenced: ((key: string) => Promise<boolean> | boolean) | ReadonlySet<string>;
  olderThanMs: number;
}

export interface SweepResult {
  removedTempFiles: number;
  removedOrphans: string[];
}

// `ab/cd/<uuid v4>` where ab and cd are the uuid's first four hex digits: spreads files over 65,536 directories.
const keyPattern = /^([0-9a-f]{2})\/([0-9a-f]{2})\/(\1\2[0-9a-f]{4}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;

export function newStorageKey(): string {
  const id = randomUUID();
  return `${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`;
}

export function isStorageKey(key: unknown): key is string {
  return typeof key === 'string' && keyPattern.test(key);
}

/** Keys reach the store from database rows; anything else (e.g. `../`) is refused before touching a path. */
export function assertStorageKey(key: unknown): asserts key is string {
  if (!isStorageKey(key)) throw new FileError('evidence.invalid_key');
}
