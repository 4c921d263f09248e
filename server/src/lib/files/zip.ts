import yauzl from 'yauzl';
import { FileError } from './errors.js';
import type { FileInput } from './source.js';

export interface ZipLimits {
  maxEntries: number;
  /** All entries together once decompressed: the declared sizes, and when inflating, the bytes that come out. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of one entry (declared, then real); XML compresses 10–50×, a run of zeros about 1000×. */
  maxRatio: number;
  /** Entries smaller than this cannot hurt, whatever their ratio (tiny files compress absurdly well). */
  ratioFloorBytes: number;
}

export const defaultZipLimits: ZipLimits = {
  maxEntries: 2_000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export interface ZipSummary {
  entries: ZipEntryInfo[];
  totalUncompressedBytes: number;
}

/**
 * Reads only the central directory (nothing is decompressed) and refuses archives whose declared entry count,
 * total size or compression ratio is out of bounds. Declared sizes can lie: an archive that will be opened later
 * goes through `assertZipInflates`, which holds the real bytes to the same limits.
 */
export function assertSafeZip(input: FileInput, limits: Partial<ZipLimits> = {}): Promise<ZipSummary> {
  return walkZip(input, { ...defaultZipLimits, ...limits }, false);
}

/**
 * The checks of `assertSafeZip`, then every entry inflated and its bytes counted as they come out, alone and
 * together with the entries before it; past a limit it stops at once, whatever the central directory declared
 * (1,000 bytes declared and gigabytes inside costs one limit's worth of inflating). An entry whose real size differs
 * from the declared one is refused as malformed. Checked ourselves rather than by yauzl's `validateEntrySizes`,
 * which only compares with the declared size, the very number an attacker writes.
 */
export function assertZipInflates(input: FileInput, limits: Partial<ZipLimits> = {}): Promise<ZipSummary> {
  return walkZip(input, { ...defaultZipLimits, ...limits }, true);
}

async function walkZip(input: FileInput, limits: ZipLimits, inflate: boolean): Promise<ZipSummary> {
  const { maxEntries, maxUncompressedBytes, maxRatio, ratioFloorBytes } = limits;
  const options: yauzl.Options = { lazyEntries: true, autoClose: true, decodeStrings: true, validateEntrySizes: false };
  const zipfile = await (typeof input === 'string' ? yauzl.openPromise(input, options) : yauzl.fromBufferPromise(toBuffer(input), options)).catch(
    (err: unknown) => {
      throw malformed(err);
    },
  );
  if (zipfile.entryCount > maxEntries) {
    zipfile.close();
    throw bomb('too_many_entries', { entryCount: zipfile.entryCount, maxEntries });
  }
  const entries: ZipEntryInfo[] = [];
  let total = 0;
  let inflated = 0;
  try {
    // Leaving this loop by a throw closes the file (autoClose).
    for await (const entry of zipfile.eachEntry()) {
      const { fileName: name, compressedSize, uncompressedSize } = entry;
      total += uncompressedSize;
      if (total > maxUncompressedBytes) throw bomb('too_large_uncompressed', { maxUncompressedBytes });
      if (uncompressedSize > ratioFloorBytes && uncompressedSize > compressedSize * maxRatio) {
        throw bomb('compression_ratio', { entry: name, compressedSize, uncompressedSize, maxRatio });
      }
      if (inflate) {
        const size = await inflateEntry(zipfile, entry, { limits, before: inflated });
        inflated += size;
        if (size !== uncompressedSize) throw malformed(new Error(`${name}: ${size} bytes inside, ${uncompressedSize} declared`));
      }
      entries.push({ name, compressedSize, uncompressedSize });
    }
  } catch (err) {
    zipfile.close();
    throw err instanceof FileError ? err : malformed(err);
  }
  return { entries, totalUncompressedBytes: total };
}

/** Inflates one entry into nothing, counting; `before` is what the entries before it inflated to. */
async function inflateEntry(zipfile: yauzl.ZipFile, entry: yauzl.Entry, { limits, before }: { limits: ZipLimits; before: number }): Promise<number> {
  const { maxUncompressedBytes, maxRatio, ratioFloorBytes } = limits;
  const stream = await zipfile.openReadStreamPromise(entry);
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (before + size > maxUncompressedBytes) throw bomb('too_large_uncompressed', { entry: entry.fileName, maxUncompressedBytes, inflated: true });
      if (size > ratioFloorBytes && size > entry.compressedSize * maxRatio) {
        throw bomb('compression_ratio', { entry: entry.fileName, compressedSize: entry.compressedSize, maxRatio, inflated: true });
      }
    }
  } finally {
    stream.destroy();
  }
  return size;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function bomb(reason: string, details: Record<string, unknown>) {
  return new FileError('evidence.zip_bomb', { details: { reason, ...details } });
}

function malformed(cause: unknown) {
  return new FileError('evidence.type_not_allowed', { details: { reason: 'malformed_zip' }, cause });
}
