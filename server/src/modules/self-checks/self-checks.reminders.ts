import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { addDays } from '../../lib/dates.js';
import { ancestorIdsOf } from '../notifications/notifications.notify.js';

/**
 * 举一反三 non-answers near their deadline: the clerks of each organization that has not answered (and of those above
 * it) get one 整改时限临近提醒 in their inbox, once per answer row; the row remembers it was reminded.
 */
export async function runSelfCheckReminders(tx: DbOrTx, { today, reminderDays, at }: { today: string; reminderDays: number; at: Date }) {
  const result = await tx.execute<{ id: number }>(sql`
    WITH due AS (
      UPDATE self_check_answers a SET reminded_at = ${at.toISOString()}::timestamptz
      FROM self_check_requests r
      WHERE r.id = a.request_id AND a.answer IS NULL AND a.reminded_at IS NULL
        AND r.deadline >= ${today}::date AND r.deadline <= ${addDays(today, reminderDays)}::date
      RETURNING a.org_id, r.problem, r.deadline)
    INSERT INTO notifications (user_id, kind, title, body, created_at)
    SELECT u.id, 'deadline_reminder', '举一反三自查待答复：' || o.name,
      left(due.problem, 200) || E'\n请于 ' || due.deadline::text || ' 前对照自查并答复（存在或不存在）。', ${at.toISOString()}::timestamptz
    FROM due JOIN orgs o ON o.id = due.org_id
    JOIN users u ON u.org_id = ANY (${ancestorIdsOf(sql`o.path`)})
    WHERE u.role = 'branch' AND NOT u.disabled
    RETURNING id`);
  return { notified: result.rows.length };
}
