import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { categories } from '../categories/categories.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';

/** One ledger row (台账事项): a problem an organization must rectify. */
export const items = pgTable(
  'items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull().unique(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    // The top of the tree the item belongs to: the natural shard key for a distributed deployment.
    committeeId: integer('committee_id').notNull(),
    source: text('source').notNull(),
    reviewId: bigint('review_id', { mode: 'number' }),
    commonProblemId: bigint('common_problem_id', { mode: 'number' }),
    categoryId: integer('category_id').references(() => categories.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    rootCause: text('root_cause'),
    target: text('target'),
    responsibleLeader: text('responsible_leader'),
    responsiblePerson: text('responsible_person'),
    deadline: date('deadline').notNull(),
    originalDeadline: date('original_deadline').notNull(),
    extensionCount: smallint('extension_count').notNull().default(0),
    pendingExtensionDeadline: date('pending_extension_deadline'),
    pendingExtensionReason: text('pending_extension_reason'),
    // 工作日时限: what was asked ("15 个工作日" from issue or from 签收) beside the date it resolved to, so a changed
    // holiday calendar can resolve it again; provisional while the span runs into a year with no calendar loaded.
    deadlineWorkingDays: smallint('deadline_working_days'),
    deadlineBasis: text('deadline_basis'),
    deadlineFrom: date('deadline_from'),
    deadlineProvisional: boolean('deadline_provisional').notNull().default(false),
    extensionRequestedBy: integer('extension_requested_by').references(() => users.id),
    extensionRequestedAt: timestamp('extension_requested_at', { withTimezone: true }),
    extensionReviewLevel: text('extension_review_level'),
    // 回头看 may reopen a closed item: each reopening starts the next round (第2轮) with its own deadline.
    round: smallint('round').notNull().default(1),
    type: text('type').notNull(),
    status: text('status').notNull().default('issued'),
    closureRequestedBy: integer('closure_requested_by').references(() => users.id),
    // 二级审核: the level a pending closure request waits at; NULL while one is pending means the committee's (工委终审).
    reviewLevel: text('review_level'),
    completionNote: text('completion_note'),
    completedOn: date('completed_on'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedOn: date('closed_on'),
    closedLate: boolean('closed_late'),
    remarks: text('remarks'),
    // 签收与异议: since when the item waits for the organization to sign for it (null: since it was created; set by a
    // transfer or a rejected objection), who signed and when, and the objection the committee has yet to answer.
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: integer('acknowledged_by').references(() => users.id),
    objectionKind: text('objection_kind'),
    objectionReason: text('objection_reason'),
    // Title, description and measures together, for trigram search that works on Chinese text.
    searchText: text('search_text').notNull().default(''),
    evidenceCount: integer('evidence_count').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    updatedBy: integer('updated_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // No index names the status, which every workflow step changes: with the status in none of them (and room left on
    // each page, migration 0011) a step updates the row in place, without a new entry in each of the ten indexes.
    index('items_org_deadline_idx').on(t.orgId, t.deadline),
    index('items_committee_created_idx').on(t.committeeId, t.createdAt),
    index('items_committee_deadline_idx').on(t.committeeId, t.deadline, t.id),
    // Only the items that name a review or a common problem: the others (an inspection's, a self-check's) are never
    // looked up by one, and an entry each would be written again whenever their deadline moves (migration 0030).
    index('items_review_idx').on(t.reviewId).where(sql`${t.reviewId} IS NOT NULL`),
    index('items_common_problem_idx').on(t.commonProblemId).where(sql`${t.commonProblemId} IS NOT NULL`),
    index('items_category_idx').on(t.categoryId),
    // Finds the working-day deadlines a calendar change re-resolves without reading the other items.
    index('items_working_deadline_idx').on(t.deadlineFrom).where(sql`${t.deadlineWorkingDays} IS NOT NULL`),
  ],
);

/**
 * The trigram index of `items.search_text`, in a table of its own that triggers keep (migration 0029). A saved year's
 * calendar moves tens of thousands of deadlines, and a moved deadline writes a new version of the item's row with an
 * entry in each of its indexes: kept here, the text index is written only when the text changes (a sixth of the
 * calendar's time at 1,000,000 items, docs/performance.md).
 */
export const itemSearch = pgTable(
  'item_search',
  {
    itemId: bigint('item_id', { mode: 'number' })
      .primaryKey()
      .references(() => items.id, { onDelete: 'cascade' }),
    searchText: text('search_text').notNull(),
  },
  (t) => [index('item_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`)],
);

/**
 * Numbering (`2026-公安-003`): the last sequence per code prefix, taken with an upsert so concurrent
 * creates never collide, and keyed by prefix so two organizations with the same short name share one series.
 */
export const itemCodeCounters = pgTable('item_code_counters', {
  prefix: text('prefix').primaryKey(),
  last: integer('last').notNull(),
});

export const itemMeasures = pgTable(
  'item_measures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    seq: smallint('seq').notNull(),
    content: text('content').notNull(),
    responsiblePerson: text('responsible_person'),
    deadline: date('deadline'),
    // 未开始 · 推进中 · 已完成: a closure request needs every measure done, or a reason for each that is not.
    status: text('status').notNull().default('not_started'),
    // The measure's owner as a user of the system, besides (or instead of) a name in responsible_person.
    ownerUserId: integer('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('item_measures_item_idx').on(t.itemId, t.seq)],
);

export const itemProgress = pgTable(
  'item_progress',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    entryDate: date('entry_date').notNull(),
    content: text('content').notNull(),
    percent: smallint('percent'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('item_progress_item_idx').on(t.itemId, t.entryDate)],
);

/** Append-only: a trigger refuses UPDATE and DELETE (see the migration that creates it). */
export const itemHistory = pgTable(
  'item_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: integer('actor_id').references(() => users.id),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    comment: text('comment'),
    changes: jsonb('changes'),
    data: jsonb('data'),
  },
  (t) => [index('item_history_item_idx').on(t.itemId, t.id), index('item_history_at_idx').on(t.at)],
);
