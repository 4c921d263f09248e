import { bigint, date, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';

/** 督办单: issued by the committee to one organization about one or more of its items; answered by it. */
export const notices = pgTable(
  'notices',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    committeeId: integer('committee_id').notNull(),
    year: smallint('year').notNull(),
    seq: integer('seq').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    level: text('level').notNull(),
    requirements: text('requirements').notNull(),
    replyDeadline: date('reply_deadline').notNull(),
    status: text('status').notNull().default('issued'),
    issuedBy: integer('issued_by')
      .notNull()
      .references(() => users.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    issuedOn: date('issued_on').notNull(),
    reply: text('reply'),
    repliedBy: integer('replied_by').references(() => users.id),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notices_number_uq').on(t.committeeId, t.year, t.seq),
    index('notices_org_idx').on(t.orgId, t.id),
    index('notices_issued_idx').on(t.committeeId, t.issuedOn),
  ],
);

/** The items of a notice as they stood when it was issued: the document must not change afterwards. */
export const noticeItems = pgTable(
  'notice_items',
  {
    noticeId: bigint('notice_id', { mode: 'number' })
      .notNull()
      .references(() => notices.id, { onDelete: 'restrict' }),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    seq: smallint('seq').notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    orgName: text('org_name').notNull(),
    deadline: date('deadline').notNull(),
    status: text('status').notNull(),
    light: text('light'),
    daysOverdue: integer('days_overdue').notNull(),
    responsiblePerson: text('responsible_person'),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.itemId] }), index('notice_items_item_idx').on(t.itemId)],
);

/** The last notice number per committee and year (督办〔2026〕N号), taken with an upsert. */
export const noticeCounters = pgTable(
  'notice_counters',
  {
    committeeId: integer('committee_id').notNull(),
    year: smallint('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.committeeId, t.year] })],
);
