import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { escalationRecords } from '../escalation/escalation.table.js';
import { itemMeasures, itemProgress, items } from '../items/items.table.js';
import { rechecks } from '../rechecks/rechecks.table.js';
import { users } from '../users/users.table.js';

/** Closure evidence (整改佐证材料). The bytes live in storage under a server-generated key. */
export const evidence = pgTable(
  'evidence',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    progressId: bigint('progress_id', { mode: 'number' }).references(() => itemProgress.id),
    // The measure the file proves, if the uploader named one (a paper-only closure shows as a measure without any).
    measureId: bigint('measure_id', { mode: 'number' }).references(() => itemMeasures.id, { onDelete: 'set null' }),
    // New evidence with a 巩固 answer to a 回头看 (uploaded while the item stays closed).
    recheckId: bigint('recheck_id', { mode: 'number' }).references(() => rechecks.id),
    // An attachment of a 约谈 or 问责建议 (minutes, a scan), not closure evidence.
    escalationRecordId: bigint('escalation_record_id', { mode: 'number' }).references(() => escalationRecords.id),
    storageKey: text('storage_key').notNull().unique(),
    thumbnailKey: text('thumbnail_key'),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    kind: text('kind').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    // Removal is recorded, not erased: the file stays for the audit trail.
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: integer('removed_by').references(() => users.id),
  },
  (t) => [
    index('evidence_item_idx').on(t.itemId),
    index('evidence_recheck_idx').on(t.recheckId).where(sql`${t.recheckId} IS NOT NULL`),
    index('evidence_escalation_record_idx').on(t.escalationRecordId).where(sql`${t.escalationRecordId} IS NOT NULL`),
  ],
);
