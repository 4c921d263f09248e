import { sql, type SQL } from 'drizzle-orm';
import type { NotificationKind, Role } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';

/** What a channel sends: a title and a few lines, rendered per channel type by the sender. */
export interface OutboundMessage {
  title: string;
  lines: string[];
}

export interface InAppMessage {
  kind: NotificationKind;
  title: string;
  body: string;
  itemId?: number | null;
  noticeId?: number | null;
}

/** The ids of an organization and all its ancestors, from its materialized path (`/1/5/23/` → {1,5,23}). */
export const ancestorIdsOf = (path: SQL) => sql`string_to_array(trim(both '/' from ${path}), '/')::int[]`;

const roleList = (roles: readonly Role[]) => sql.join(roles.map((r) => sql`${r}`), sql`, `);

/**
 * In-app notifications for the users of the given roles who can see the organization: those at the organization
 * itself or above it. One INSERT … SELECT, so it is safe to call inside the changing transaction.
 */
export async function notifyUsersOver(
  tx: DbOrTx,
  { orgId, roles, exceptUserId, message, at }: { orgId: number; roles: readonly Role[]; exceptUserId?: number; message: InAppMessage; at: Date },
) {
  const rows = await tx.execute<{ id: number }>(sql`
    INSERT INTO notifications (user_id, kind, title, body, item_id, notice_id, created_at)
    SELECT u.id, ${message.kind}, ${message.title}, ${message.body}, ${message.itemId ?? null}::bigint, ${message.noticeId ?? null}::bigint, ${at.toISOString()}::timestamptz
    FROM orgs o
    JOIN users u ON u.org_id = ANY (${ancestorIdsOf(sql`o.path`)})
    WHERE o.id = ${orgId} AND u.role IN (${roleList(roles)}) AND NOT u.disabled AND u.id <> ${exceptUserId ?? 0}
    RETURNING id`);
  return { count: rows.rows.length };
}

/**
 * Queues one delivery per enabled channel that subscribes to the kind and covers the organization (a channel
 * bound to an organization hears only about items at or below it).
 */
export async function queueDeliveries(tx: DbOrTx, { orgId, kind, message, at }: { orgId: number | null; kind: NotificationKind; message: OutboundMessage; at: Date }) {
  const covers = orgId === null ? sql`c.org_id IS NULL` : sql`(c.org_id IS NULL OR c.org_id = ANY (SELECT unnest(${ancestorIdsOf(sql`o.path`)}) FROM orgs o WHERE o.id = ${orgId}))`;
  const rows = await tx.execute<{ id: number }>(sql`
    INSERT INTO deliveries (channel_id, kind, title, payload, status, next_attempt_at, created_at)
    SELECT c.id, ${kind}, ${message.title}, ${JSON.stringify(message)}::jsonb, 'pending', ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
    FROM notification_channels c
    WHERE c.enabled AND ${kind} = ANY (c.events) AND ${covers}
    RETURNING id`);
  return { count: rows.rows.length };
}
