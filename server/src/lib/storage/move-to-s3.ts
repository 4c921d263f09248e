import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.js';
import { evidence } from '../../modules/evidence/evidence.table.js';
import type { S3Extras } from './s3.js';
import type { Storage } from './storage.js';

export interface MoveResult {
  /** Files copied into the bucket and read back with the right SHA-256. */
  copied: number;
  /** Files the bucket already held with the right SHA-256 (a second run, or one that stopped half-way). */
  alreadyThere: number;
  bytes: number;
  /** Files that could not be moved, and why; the command fails when there are any. */
  failures: Array<{ key: string; reason: string }>;
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Copies every evidence file (removed ones too: they are kept as a record) and its thumbnail from `from` into the
 * bucket under the same key, so no row changes, then reads each back and compares its SHA-256 with the one recorded
 * at upload (a thumbnail, which has none, with the local copy's). Nothing is deleted from `from`. Safe to run again.
 */
export async function moveEvidenceToS3({
  db,
  from,
  to,
  maxBytes = Number.MAX_SAFE_INTEGER,
  onProgress,
}: {
  db: Db;
  from: Storage;
  to: Storage & S3Extras;
  maxBytes?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<MoveResult> {
  const rows = await db.select({ key: evidence.storageKey, thumb: evidence.thumbnailKey, sha256: evidence.sha256 }).from(evidence).orderBy(evidence.id);
  const files = rows.flatMap((r) => [{ key: r.key, sha256: r.sha256 as string | null }, ...(r.thumb ? [{ key: r.thumb, sha256: null }] : [])]);
  const result: MoveResult = { copied: 0, alreadyThere: 0, bytes: 0, failures: [] };
  let done = 0;
  for (const file of files) {
    try {
      const expected = file.sha256 ?? (await sha256Of(await from.open(file.key)));
      if ((await to.exists(file.key)) && (await sha256Of(await to.open(file.key))) === expected) {
        result.alreadyThere++;
      } else {
        const stored = await to.putAt(file.key, await from.open(file.key), { maxBytes });
        if (stored.sha256 !== expected) {
          // A damaged copy in the bucket would look moved to a second run; the disk keeps the evidence of the damage.
          await to.remove(file.key);
          throw new Error(`the file on disk has SHA-256 ${stored.sha256}, the database recorded ${expected}`);
        }
        const readBack = await sha256Of(await to.open(file.key));
        if (readBack !== expected) throw new Error(`the bucket returned SHA-256 ${readBack}, expected ${expected}`);
        result.copied++;
        result.bytes += stored.size;
      }
    } catch (err) {
      result.failures.push({ key: file.key, reason: err instanceof Error ? err.message : String(err) });
    }
    onProgress?.(++done, files.length);
  }
  return result;
}
