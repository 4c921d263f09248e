import yauzl from 'yauzl';
import { FileError } from './errors.js';
import type { FileInput } from './source.js';

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the sizes the central directory declares for all entries once decompressed. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of one entry; XML compresses 10–50×, a run of zeros about 1000×. */
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
 * total size or compression ratio is out of bounds. Declared sizes can lie: whoever decompresses later must
 * still stop at the declared size (yauzl's `openReadStream` does, with its default `validateEntrySizes`).
 */
export async function assertSafeZip(input: FileInput, limits: Partial<ZipLimits> = {}): Promise<ZipSummary> {
  const { maxEntries, maxUncompressedBytes, maxRatio, ratioFloorBytes } = { ...defaultZipLimits, ...limits };
  const options: yauzl.Options = { lazyEntries: true, autoClose: true, decodeStrings: true, validateEntrySizes: true };
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
  try {
    // Leaving this loop by a throw closes the file (autoClose).
    for await (const entry of zipfile.eachEntry()) {
      const { fileName: name, compressedSize, uncompressedSize } = entry;
      total += uncompressedSize;
      if (total > maxUncompressedBytes) throw bomb('too_large_uncompressed', { maxUncompressedBytes });
      if (uncompressedSize > ratioFloorBytes && uncompressedSize > compressedSize * maxRatio) {
        throw bomb('compression_ratio', { entry: name, compressedSize, uncompressedSize, maxRatio });
      }
      entries.push({ name, compressedSize, uncompressedSize });
    }
  } catch (err) {
    throw err instanceof FileError ? err : malformed(err);
  }
  return { entries, totalUncompressedBytes: total };
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
