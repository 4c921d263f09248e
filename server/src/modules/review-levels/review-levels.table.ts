import { boolean, date, index, integer, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';

/**
 * The levels a committee's closure and extension requests climb before its own decision (工委终审, always there):
 * 本单位审核 and 党委初审 are switched on per committee. No row: the committee alone decides.
 */
export const reviewLevelSettings = pgTable('review_level_settings', {
  committeeId: integer('committee_id')
    .primaryKey()
    .references(() => orgs.id, { onDelete: 'restrict' }),
  unitReview: boolean('unit_review').notNull().default(false),
  partyReview: boolean('party_review').notNull().default(false),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Clerks who sign for their organization's requests (签字背书): at their own organization, and as a 党委 for its branches. */
export const reviewEndorsers = pgTable('review_endorsers', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'restrict' }),
  createdBy: integer('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 代理审核: for the days from `startsOn` to `endsOn`, `standInId` reviews what `principalId` would, in their name. */
export const reviewStandIns = pgTable(
  'review_stand_ins',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    principalId: integer('principal_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    standInId: integer('stand_in_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('review_stand_ins_stand_in_idx').on(t.standInId, t.endsOn), index('review_stand_ins_principal_idx').on(t.principalId)],
);
