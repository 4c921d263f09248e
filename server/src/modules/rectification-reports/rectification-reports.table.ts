import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.table.js';
import { reviews } from '../reviews/reviews.table.js';
import { users } from '../users/users.table.js';

/**
 * A reporting period of a committee (报告期, e.g. 2026年度): the organizations under it report on every problem issued
 * to them within its dates, whichever review or source it came from.
 */
export const rectificationReportPeriods = pgTable(
  'rectification_report_periods',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    committeeId: integer('committee_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    dueOn: date('due_on'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rectification_report_periods_committee_idx').on(t.committeeId, t.startsOn), check('rectification_report_periods_dates', sql`${t.startsOn} <= ${t.endsOn}`)],
);

/**
 * A signed 整改情况报告 as uploaded: an organization's report on the problems a review found, or on those of a
 * reporting period (`org`), or the committee's summary of the whole review (`summary`, its organization being the
 * committee). Every upload is a row of its own; the latest per review or period, organization and kind is the one
 * in force, earlier ones are its history.
 */
export const rectificationReports = pgTable(
  'rectification_reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    // Exactly one of the two: the review the report answers, or the reporting period it covers.
    reviewId: bigint('review_id', { mode: 'number' }).references(() => reviews.id, { onDelete: 'restrict' }),
    periodId: bigint('period_id', { mode: 'number' }).references(() => rectificationReportPeriods.id, { onDelete: 'restrict' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    kind: text('kind').notNull(),
    // submitted → accepted | returned (the organization then uploads again, as a new row).
    status: text('status').notNull().default('submitted'),
    storageKey: text('storage_key').notNull().unique(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    submittedBy: integer('submitted_by')
      .notNull()
      .references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    // Why it was sent back, for the organization to read before it uploads again.
    reason: text('reason'),
  },
  (t) => [
    index('rectification_reports_review_org_idx').on(t.reviewId, t.orgId, t.kind, t.id),
    index('rectification_reports_period_org_idx').on(t.periodId, t.orgId, t.kind, t.id),
    check('rectification_reports_subject', sql`num_nonnulls(${t.reviewId}, ${t.periodId}) = 1`),
  ],
);

/** The day by which the organizations of a review are to submit their reports. */
export const rectificationReportDeadlines = pgTable('rectification_report_deadlines', {
  reviewId: bigint('review_id', { mode: 'number' })
    .primaryKey()
    .references(() => reviews.id, { onDelete: 'cascade' }),
  dueOn: date('due_on').notNull(),
  updatedBy: integer('updated_by')
    .notNull()
    .references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
