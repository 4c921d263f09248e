import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Evidence } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { extensionOf } from '../../lib/files/detect.js';
import { nameWithExtension } from '../../lib/files/filename.js';
import { selectListOf } from '../../db/select-list.js';
import { items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { rectificationReports } from '../rectification-reports/rectification-reports.table.js';
import { users } from '../users/users.table.js';
import { evidence } from './evidence.table.js';

type EvidenceRow = typeof evidence.$inferSelect;
// Read with every item detail: written once, not built per request.
export const evidenceColumns = selectListOf(evidence);

/**
 * The name a file is shown and downloaded under: with the extension of its detected type. New rows are stored
 * that way; rows written before keep the uploader's extension in the database and are corrected here.
 */
export const servedFileName = (e: Pick<EvidenceRow, 'fileName' | 'mime'>) => nameWithExtension(e.fileName, extensionOf(e.mime));

export const toEvidence = ({ evidence: e, uploadedByName, orgName }: { evidence: EvidenceRow; uploadedByName: string; orgName?: string }): Evidence => ({
  id: e.id,
  itemId: e.itemId,
  progressId: e.progressId,
  fileName: servedFileName(e),
  mime: e.mime,
  kind: e.kind,
  size: e.size,
  sha256: e.sha256,
  hasThumbnail: e.thumbnailKey !== null,
  uploadedBy: e.uploadedBy,
  uploadedByName,
  createdAt: e.createdAt.toISOString(),
  measureId: e.measureId,
  ...(orgName ? { orgName } : {}),
});

export function createEvidenceRepository({ db }: { db: DbOrTx }) {
  return {
    /** One file with the organization path of its item, for the scope check. */
    async findWithScope(id: number) {
      const [row] = await db
        .select({ evidence, orgPath: orgs.path, itemStatus: items.status, uploadedByName: users.displayName })
        .from(evidence)
        .innerJoin(items, eq(items.id, evidence.itemId))
        .innerJoin(orgs, eq(orgs.id, items.orgId))
        .innerJoin(users, eq(users.id, evidence.uploadedBy))
        .where(eq(evidence.id, id));
      return { row };
    },

    async insert(values: typeof evidence.$inferInsert) {
      const [row] = await db.insert(evidence).values(values).returning({ id: evidence.id });
      await db.update(items).set({ evidenceCount: sql`${items.evidenceCount} + 1` }).where(eq(items.id, values.itemId));
      return { id: row.id };
    },

    async markRemoved({ id, itemId, userId }: { id: number; itemId: number; userId: number }) {
      const rows = await db
        .update(evidence)
        .set({ removedAt: sql`now()`, removedBy: userId })
        .where(and(eq(evidence.id, id), eq(evidence.itemId, itemId), isNull(evidence.removedAt)))
        .returning({ id: evidence.id });
      if (rows.length) await db.update(items).set({ evidenceCount: sql`${items.evidenceCount} - 1` }).where(eq(items.id, itemId));
      return { removed: rows.length === 1 };
    },

    /** Every storage key a row points at (live or removed), for the sweeper. */
    async allStorageKeys() {
      const rows = await db.select({ key: evidence.storageKey, thumb: evidence.thumbnailKey }).from(evidence);
      // The signed 整改情况报告 are kept in the same store: the sweeper must leave them alone too.
      const reports = await db.select({ key: rectificationReports.storageKey }).from(rectificationReports);
      return new Set([...rows.flatMap((r) => (r.thumb ? [r.key, r.thumb] : [r.key])), ...reports.map((r) => r.key)]);
    },
  };
}
