import type { Readable } from 'node:stream';
import type { ItemStatus } from '@rectify/shared';
import type { ItemEvents } from '../items/items.events.js';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
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
import { escalationRecords } from '../escalation/escalation.table.js';
import { rechecks } from '../rechecks/rechecks.table.js';
import { evidence as evidenceTable } from './evidence.table.js';
import { createEvidenceRepository } from './evidence.repository.js';
import { createItemsAssistRepository } from '../items-assist/items-assist.repository.js';

// Evidence may be added or removed while the organization is still working; once closure is requested it is frozen.
const openForEvidence = new Set(['issued', 'in_progress']);

/** Where a file belongs: a progress entry, a measure, or a 回头看 the organization is answering (巩固). */
export interface EvidenceTarget {
  progressId?: number;
  measureId?: number;
  recheckId?: number;
}

interface Deps {
  db: Db;
  storage: Storage;
  items: ItemsService;
  events?: ItemEvents;
  maxBytes: number;
  log?: { warn(obj: object, msg: string): void };
}

/**
 * A closed item takes new files only for a 回头看 of its current round that still waits for the organization's
 * answer: the 巩固 statement comes with fresh proof, the closure evidence itself stays as it was.
 */
async function assertRecheckOpen(db: Db | Tx, recheckId: number, itemId: number, { lock = false } = {}) {
  const query = db
    .select({ status: rechecks.status, round: rechecks.round, itemRound: itemsTable.round, itemStatus: itemsTable.status })
    .from(rechecks)
    .innerJoin(itemsTable, eq(itemsTable.id, rechecks.itemId))
    .where(and(eq(rechecks.id, recheckId), eq(rechecks.itemId, itemId)));
  // Inside the recording transaction the re-check is held, so an answer sent meanwhile cannot slip in between.
  const [row] = lock ? await query.for('update', { of: rechecks }) : await query;
  if (!row) throw new AppError('rechecks.not_found');
  if (row.status !== 'requested' || row.itemStatus !== 'closed' || row.round !== row.itemRound) throw new AppError('evidence.item_locked');
}

export function createEvidenceService({ db, storage, items, events, maxBytes, log }: Deps) {
  async function getScoped(user: AuthUser, id: number) {
    const { row } = await createEvidenceRepository({ db }).findWithScope(id);
    if (!row || row.evidence.removedAt) throw new AppError('evidence.not_found');
    // An assisting organization (协办) sees the item's evidence too.
    if (!pathInScope(user.orgPath, row.orgPath) && !(await createItemsAssistRepository({ db }).assistsWithin(row.evidence.itemId, user.orgPath)).assists) throw new AppError('evidence.not_found');
    return { row };
  }

  /** The file stored with its type checked from the content (and a thumbnail of a picture), not yet recorded. */
  async function store(fileName: string, source: Readable) {
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
    return { stored, thumb, type, name: nameWithExtension(fileName, type.ext) };
  }

  return {
    /**
     * An attachment of a 约谈 or 问责建议 (minutes, a scan), through the same content checks as evidence. It belongs to
     * the record, not to the item's closure evidence: the item's files, count and version stay as they were.
     */
    async attachToRecord(user: AuthUser, { recordId, fileName, source, beforeCommit }: { recordId: number; fileName: string; source: Readable; beforeCommit?: () => Promise<void> }) {
      const { stored, thumb, type, name } = await store(fileName, source);
      try {
        await beforeCommit?.();
        const [record] = await db.select({ itemId: escalationRecords.itemId }).from(escalationRecords).where(eq(escalationRecords.id, recordId));
        if (!record) throw new AppError('escalation.not_found');
        const [row] = await db
          .insert(evidenceTable)
          .values({ itemId: record.itemId, escalationRecordId: recordId, storageKey: stored.key, thumbnailKey: thumb?.key ?? null, fileName: name, mime: type.mime, kind: type.kind, size: stored.size, sha256: stored.sha256, uploadedBy: user.id })
          .returning({ id: evidenceTable.id });
        return { id: row.id };
      } catch (err) {
        await Promise.all([storage.remove(stored.key), thumb ? storage.remove(thumb.key) : null]).catch(() => undefined);
        throw err;
      }
    },

    /** Checks the item before any byte is stored, so an out-of-scope or frozen item costs nothing. */
    async assertCanUpload(user: AuthUser, itemId: number, { progressId, measureId, recheckId }: EvidenceTarget = {}) {
      const { item } = await items.getScoped(user, itemId);
      if (recheckId) await assertRecheckOpen(db, recheckId, itemId);
      else if (!openForEvidence.has(item.item.status)) throw new AppError('evidence.item_locked');
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
      { itemId, progressId, measureId, recheckId, fileName, source, beforeCommit }: EvidenceTarget & { itemId: number; fileName: string; source: Readable; beforeCommit?: () => Promise<void> },
    ) {
      const { stored, thumb, type, name } = await store(fileName, source);
      try {
        await beforeCommit?.();
        const id = await db.transaction(async (tx) => {
          const [current] = await tx.select().from(itemsTable).where(eq(itemsTable.id, itemId)).for('update');
          if (!current) throw new AppError('evidence.item_locked');
          if (recheckId) await assertRecheckOpen(tx, recheckId, itemId, { lock: true });
          else if (!openForEvidence.has(current.status)) throw new AppError('evidence.item_locked');
          const { id } = await createEvidenceRepository({ db: tx }).insert({
            itemId,
            progressId: progressId ?? null,
            measureId: measureId ?? null,
            recheckId: recheckId ?? null,
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
          await recordHistory(tx, { itemId, actorId: user.id, action: 'evidence_added', data: { evidenceId: id, fileName: name, size: stored.size, sha256: stored.sha256, ...(recheckId ? { recheckId } : {}) } });
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
      // A 约谈's attachment is part of the committee's record, not the organization's evidence to take back.
      if (row.evidence.itemId !== itemId || row.evidence.escalationRecordId) throw new AppError('evidence.not_found');
      await db.transaction(async (tx) => {
        const [current] = await tx.select({ status: itemsTable.status }).from(itemsTable).where(eq(itemsTable.id, itemId)).for('update');
        if (!current) throw new AppError('evidence.item_locked');
        // A file given with a 巩固 answer can be taken back until the answer is sent.
        if (row.evidence.recheckId) await assertRecheckOpen(tx, row.evidence.recheckId, itemId, { lock: true });
        else if (!openForEvidence.has(current.status)) throw new AppError('evidence.item_locked');
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
