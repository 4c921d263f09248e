import { and, eq, sql } from 'drizzle-orm';
import type { NotificationKind } from '@rectify/shared';
import type { Tx } from '../../db/client.js';
import { addDays } from '../../lib/dates.js';
import { ancestorIdsOf, type OutboundMessage } from '../notifications/notifications.notify.js';
import { deliveries, notificationChannels } from '../notifications/notifications.table.js';

type Alerted = {
  itemId: number;
  code: string;
  title: string;
  deadline: string;
  orgName: string;
  orgPath: string;
}

// Only the organization can act on items not yet handed in; an item awaiting the committee's decision is not chased.
const actionable = sql`i.status IN ('issued', 'in_progress')`;

/**
 * Marks the items newly in a window (once per item, kind and deadline, so a missed day is caught up and an extended
 * deadline alerts again) and notifies the organization's clerks about each, all in one statement.
 */
async function alertItems(tx: Tx, { kind, window, title, body, at }: { kind: NotificationKind; window: ReturnType<typeof sql>; title: ReturnType<typeof sql>; body: ReturnType<typeof sql>; at: Date }) {
  const iso = at.toISOString();
  const result = await tx.execute<Alerted>(sql`
    WITH fresh AS (
      INSERT INTO item_alerts (item_id, kind, deadline, created_at)
      SELECT i.id, ${kind}, i.deadline, ${iso}::timestamptz FROM items i WHERE ${actionable} AND ${window}
      ON CONFLICT DO NOTHING
      RETURNING item_id
    ),
    notified AS (
      INSERT INTO notifications (user_id, kind, title, body, item_id, created_at)
      SELECT u.id, ${kind}, ${title}, ${body}, i.id, ${iso}::timestamptz
      FROM fresh f JOIN items i ON i.id = f.item_id JOIN orgs o ON o.id = i.org_id
      JOIN users u ON u.org_id = ANY (${ancestorIdsOf(sql`o.path`)})
      WHERE u.role = 'branch' AND NOT u.disabled
      RETURNING 1
    )
    SELECT i.id AS "itemId", i.code, i.title, i.deadline::text AS deadline, o.name AS "orgName", o.path AS "orgPath"
    FROM fresh f JOIN items i ON i.id = f.item_id JOIN orgs o ON o.id = i.org_id
    ORDER BY i.deadline, i.code`);
  return result.rows;
}

const DIGEST_LINES = 20;

/** One message per subscribed channel listing the items it covers (a channel bound to an organization: its subtree). */
async function queueDigests(tx: Tx, { kind, items, heading, at }: { kind: NotificationKind; items: Alerted[]; heading: (count: number) => string; at: Date }) {
  if (items.length === 0) return 0;
  const channels = await tx
    .select({ id: notificationChannels.id, orgId: notificationChannels.orgId })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.enabled, true), sql`${kind} = ANY (${notificationChannels.events})`));
  const rows = channels.flatMap((channel) => {
    const covered = channel.orgId === null ? items : items.filter((i) => i.orgPath.includes(`/${channel.orgId}/`));
    if (covered.length === 0) return [];
    const lines = covered.slice(0, DIGEST_LINES).map((i) => `${i.code} ${i.orgName}：${i.title}（时限 ${i.deadline}）`);
    if (covered.length > DIGEST_LINES) lines.push(`……等共 ${covered.length} 项`);
    const message: OutboundMessage = { title: heading(covered.length), lines };
    return [{ channelId: channel.id, kind, title: message.title, payload: message, status: 'pending', nextAttemptAt: at, createdAt: at }];
  });
  if (rows.length) await tx.insert(deliveries).values(rows);
  return rows.length;
}

/** Deadline reminders: items whose deadline falls within the next `reminderDays` days. */
export async function runDeadlineReminders(tx: Tx, { today, reminderDays, at }: { today: string; reminderDays: number; at: Date }) {
  const until = addDays(today, reminderDays);
  const items = await alertItems(tx, {
    kind: 'deadline_reminder',
    window: sql`i.deadline >= ${today}::date AND i.deadline <= ${until}::date`,
    title: sql`'整改时限临近：' || i.code`,
    body: sql`i.title || E'\n整改时限 ' || i.deadline::text || '，还有 ' || (i.deadline - ${today}::date) || ' 天，请抓紧整改并及时申请销号。'`,
    at,
  });
  const digests = await queueDigests(tx, { kind: 'deadline_reminder', items, heading: (n) => `【整改提醒】${n} 项整改事项将在 ${reminderDays} 天内到期`, at });
  return { items: items.length, digests };
}

/** Overdue alerts: items past their deadline; the clerks hear about each, each supervisor gets one summary. */
export async function runOverdueAlerts(tx: Tx, { today, at }: { today: string; at: Date }) {
  const items = await alertItems(tx, {
    kind: 'overdue_alert',
    window: sql`i.deadline < ${today}::date`,
    title: sql`'逾期预警：' || i.code`,
    body: sql`i.title || E'\n整改时限 ' || i.deadline::text || ' 已过，已逾期 ' || (${today}::date - i.deadline) || ' 天，请立即整改。'`,
    at,
  });
  if (items.length) {
    await tx.execute(sql`
      INSERT INTO notifications (user_id, kind, title, body, created_at)
      SELECT u.id, 'overdue_alert', '新增逾期事项 ' || count(*) || ' 项',
        array_to_string((array_agg(i.code || ' ' || o.name ORDER BY i.deadline, i.code))[1:10], E'\n') || CASE WHEN count(*) > 10 THEN E'\n……' ELSE '' END,
        ${at.toISOString()}::timestamptz
      FROM items i JOIN orgs o ON o.id = i.org_id
      JOIN users u ON u.org_id = ANY (${ancestorIdsOf(sql`o.path`)})
      WHERE i.id IN (SELECT unnest(${`{${items.map((i) => i.itemId).join(',')}}`}::bigint[])) AND u.role = 'supervisor' AND NOT u.disabled
      GROUP BY u.id`);
  }
  const digests = await queueDigests(tx, { kind: 'overdue_alert', items, heading: (n) => `【逾期预警】新增 ${n} 项逾期未完成整改事项`, at });
  return { items: items.length, digests };
}
