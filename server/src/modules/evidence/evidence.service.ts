import type { Readable } from 'node:stream';
import type { ItemStatus } from '@rectify/shared';
import type { ItemEvents } from '../items/items.events.js';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { detectFileType, type DetectedType } from '../../lib/files/detect.js';
import { nameWithExtension } from '../../lib/files/filename.js';
import { makeThumbnail } from '../../lib/files/thumbnail.js';
import { pathInScope } from '../../lib/scope.js';
import type { ByteRange, Storage } from '../../lib/storage/storage.js';
import type { AuthUser } from '../../plugins/auth.js';
import { recordHistory } from '../items/items.history.js';
import { itemMeasures, itemProgress, items as itemsTable } from '../items/items.table.js';
import type { ItemsService } from '../items/items.service.js';
import { createEvidenceRepository } from './evidence.repository.js';
import { createItemsAssistRepository } from '../items-assist/items-assist.repository.js';

// Evidence may be added or removed while the organization is still working; once closure is requested it is frozen.
const openForEvidence = new Set(['issued', 'in_progress']);

interface Deps {
  db: Db;
  storage: Storage;
  items: ItemsService;
  events?: ItemEvents;
  maxBytes: number;
  log?: { warn(obj: object, msg: string): void };
}

export function createEvidenceService({ db, storage, items, events, maxBytes, log }: Deps) {
  async function getScoped(user: AuthUser, id: number) {
    const { row } = await createEvidenceRepository({ db }).findWithScope(id);
    if (!row || row.evidence.removedAt) throw new AppError('evidence.not_found');
    // An assisting organization (协办) sees the item's evidence too.
    if (!pathInScope(user.orgPath, row.orgPath) && !(await createItemsAssistRepository({ db }).assistsWithin(row.evidence.itemId, user.orgPath)).assists) throw new AppError('evidence.not_found');
    return { row };
  }

  return {
    /** Checks the item before any byte is stored, so an out-of-scope or frozen item costs nothing. */
    async assertCanUpload(user: AuthUser, itemId: number, progressId?: number, measureId?: number) {
      const { item } = await items.getScoped(user, itemId);
      if (!openForEvidence.has(item.item.status)) throw new AppError('evidence.item_locked');
      if (progressId) {
        const [progress] = await db.select({ itemId: itemProgress.itemId }).from(itemProgress).where(eq(itemProgress.id, progressId));
        if (!progress || progress.itemId !== itemId) throw new AppError('evidence.progress_not_found');
      }
      if (measureId) {
        const [measure] = await db.select({ itemId: itemMeasures.itemId }).from(itemMeasures).where(eq(itemMeasures.id, measureId));
        if (!measure || measure.itemId !== itemId) throw new AppError('items.measure_not_found');
      }
    },

    /**
     * Stores the file (temp file, fsync, rename) with its type checked from the content, then commits the row and
     * the history entry. If the commit fails the stored files are removed; a crash in between is left to the sweeper.
     */
    /** Stores the file, runs `beforeCommit` (a check of the rest of the request), then records it; a failure leaves neither. */
    async upload(
      user: AuthUser,
      { itemId, progressId, measureId, fileName, source, beforeCommit }: { itemId: number; progressId?: number; measureId?: number; fileName: string; source: Readable; beforeCommit?: () => Promise<void> },
    ) {
      const stored = await storage.put<{ type: DetectedType; thumbnail: Buffer | null }>({
        source,
        maxBytes,
        check: async ({ path }) => {
          const type = await detectFileType(path);
          const thumbnail = type.kind === 'image' ? await makeThumbnail(path, { onError: (err) => log?.warn({ err }, 'thumbnail failed') }) : null;
          return { type, thumbnail };
        },
      });
      const { type, thumbnail } = stored.checked;
      const thumb = thumbnail ? await storage.put({ source: thumbnail, maxBytes }) : null;
      // Stored under the detected type's extension: the uploader's says nothing about the content.
      const name = nameWithExtension(fileName, type.ext);
      try {
        await beforeCommit?.();
        const id = await db.transaction(async (tx) => {
          const [current] = await tx.select().from(itemsTable).where(eq(itemsTable.id, itemId)).for('update');
          if (!current || !openForEvidence.has(current.status)) throw new AppError('evidence.item_locked');
          const { id } = await createEvidenceRepository({ db: tx }).insert({
            itemId,
            progressId: progressId ?? null,
            measureId: measureId ?? null,
            storageKey: stored.key,
            thumbnailKey: thumb?.key ?? null,
            fileName: name,
            mime: type.mime,
            kind: type.kind,
            size: stored.size,
            sha256: stored.sha256,
            uploadedBy: user.id,
          });
          await tx.update(itemsTable).set({ version: sql`${itemsTable.version} + 1`, updatedAt: sql`now()`, updatedBy: user.id }).where(eq(itemsTable.id, itemId));
          await recordHistory(tx, { itemId, actorId: user.id, action: 'evidence_added', data: { evidenceId: id, fileName: name, size: stored.size, sha256: stored.sha256 } });
          const status = current.status as ItemStatus;
          await events?.emit(tx, { itemId, orgId: current.orgId, code: current.code, title: current.title, action: 'evidence_added', fromStatus: status, toStatus: status, comment: name, actor: user });
          return id;
        });
        return { id };
      } catch (err) {
        await Promise.all([storage.remove(stored.key), thumb ? storage.remove(thumb.key) : null]).catch(() => undefined);
        throw err;
      }
    },

    async remove(user: AuthUser, { itemId, evidenceId }: { itemId: number; evidenceId: number }) {
      const { row } = await getScoped(user, evidenceId);
      if (row.evidence.itemId !== itemId) throw new AppError('evidence.not_found');
      await db.transaction(async (tx) => {
        const [current] = await tx.select({ status: itemsTable.status }).from(itemsTable).where(eq(itemsTable.id, itemId)).for('update');
        if (!current || !openForEvidence.has(current.status)) throw new AppError('evidence.item_locked');
        const { removed } = await createEvidenceRepository({ db: tx }).markRemoved({ id: evidenceId, itemId, userId: user.id });
        if (!removed) throw new AppError('evidence.not_found');
        await tx.update(itemsTable).set({ version: sql`${itemsTable.version} + 1`, updatedAt: sql`now()`, updatedBy: user.id }).where(eq(itemsTable.id, itemId));
        await recordHistory(tx, { itemId, actorId: user.id, action: 'evidence_removed', data: { evidenceId, fileName: row.evidence.fileName } });
      });
    },

    /** `range` picks the bytes to send once the file's size is known (an HTTP Range header); null means the whole file. */
    async open(user: AuthUser, id: number, variant: 'file' | 'thumbnail', range?: (file: { size: number; sha256: string }) => ByteRange | null) {
      const { row } = await getScoped(user, id);
      const key = variant === 'file' ? row.evidence.storageKey : row.evidence.thumbnailKey;
      if (!key) throw new AppError('evidence.not_found');
      const bytes = range?.(row.evidence) ?? null;
      return { evidence: row.evidence, range: bytes, stream: await storage.open(key, bytes ?? undefined) };
    },

    /** Removes stored files no row points at, and temp files an interrupted upload left. */
    async sweep({ olderThanMs }: { olderThanMs: number }) {
      const referenced = await createEvidenceRepository({ db }).allStorageKeys();
      return storage.sweep({ isReferenced: referenced, olderThanMs });
    },
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
