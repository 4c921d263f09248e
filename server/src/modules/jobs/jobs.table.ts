import { sql } from 'drizzle-orm';
import { bigint, date, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { items } from '../items/items.table.js';

/**
 * One row per scheduled job and period (`deadline_reminders` + `2026-06-15`). A run inserts its row with
 * ON CONFLICT DO NOTHING inside the transaction that does the work, so across instances and restarts each
 * period runs once, and a run that fails leaves no row behind and is tried again on the next tick.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: text('job').notNull(),
    period: text('period').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    result: jsonb('result'),
  },
  (t) => [primaryKey({ columns: [t.job, t.period] })],
);

/** Which deadline an item was already reminded or alerted about, so each deadline alerts once even if runs are missed. */
export const itemAlerts = pgTable(
  'item_alerts',
  {
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => items.id, { onDelete: 'restrict' }),
    kind: text('kind').notNull(),
    deadline: date('deadline').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.kind, t.deadline] })],
);
