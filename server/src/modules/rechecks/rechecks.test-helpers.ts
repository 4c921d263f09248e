import { sql } from 'drizzle-orm';
import type { TestApp } from '../../test/test-app.js';

/**
 * Closes an item as an approved closure would, straight in the tables (status, dates, a history row dated `at`):
 * the re-check tests start months after closures that the workflow's own tests cover.
 */
export async function closeItem(t: TestApp, { id, at, closedOn }: { id: number; at: Date; closedOn: string }) {
  await t.db.execute(sql`UPDATE items SET status = 'closed', closed_at = ${at.toISOString()}::timestamptz, closed_on = ${closedOn}::date, closed_late = false, version = version + 1 WHERE id = ${id}`);
  await t.db.execute(sql`
    INSERT INTO item_history (item_id, actor_id, action, from_status, to_status, at, data)
    SELECT ${id}, created_by, 'approve_closure', status, 'closed', ${at.toISOString()}::timestamptz, '{"closedLate": false}'::jsonb FROM items WHERE id = ${id}`);
}
