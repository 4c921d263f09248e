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

/** One message about one organization; `exceptUserId` (the actor) is never notified of their own step. */
export interface OrgMessage<M> {
  orgId: number;
  exceptUserId?: number;
  message: M;
}

/**
 * In-app notifications for the users of the given roles who can see each message's organization: those at the
 * organization itself or above it. One INSERT … SELECT over all the messages, so it is safe and cheap to call
 * inside the changing transaction, whether for one item or for every organization of an import.
 */
/**
 * Messages as rows `AS m(<names>)`: one message as a one-row VALUES list, several unnested from one array per
 * column. A workflow step writes one message, and its statement is prepared once per connection: with arrays, a plan
 * made for any value would assume a hundred rows and cost more than one made for the values at hand, so PostgreSQL
 * would plan it anew on every step; one row is one row for any value.
 */
function messageRows(columns: ReadonlyArray<readonly [name: string, type: string, values: readonly unknown[]]>): SQL {
  const names = sql.raw(columns.map(([name]) => name).join(', '));
  if (columns[0][2].length === 1) {
    return sql`(VALUES (${sql.join(columns.map(([, type, values]) => sql`${values[0] ?? null}::${sql.raw(type)}`), sql`, `)})) AS m(${names})`;
  }
  return sql`unnest(${sql.join(columns.map(([, type, values]) => sql`${sql.param(values)}::${sql.raw(type)}[]`), sql`, `)}) AS m(${names})`;
}

type NotifyInput = { roles: readonly Role[]; entries: readonly OrgMessage<InAppMessage>[]; at: Date };

/** The statement of `notifyUsersOverMany`; `when` limits it to changes that took effect (see `ItemEventWriter`). */
export function notifyUsersSql({ roles, entries, at }: NotifyInput, when: SQL = sql`true`): SQL {
  const rows = messageRows([
    ['org_id', 'int', entries.map((e) => e.orgId)],
    ['except_id', 'int', entries.map((e) => e.exceptUserId ?? 0)],
    ['kind', 'text', entries.map((e) => e.message.kind)],
    ['title', 'text', entries.map((e) => e.message.title)],
    ['body', 'text', entries.map((e) => e.message.body)],
    ['item_id', 'bigint', entries.map((e) => e.message.itemId ?? null)],
    ['notice_id', 'bigint', entries.map((e) => e.message.noticeId ?? null)],
  ]);
  return sql`
    INSERT INTO notifications (user_id, kind, title, body, item_id, notice_id, created_at)
    SELECT u.id, m.kind, m.title, m.body, m.item_id, m.notice_id, ${at.toISOString()}::timestamptz
    FROM ${rows}
    JOIN orgs o ON o.id = m.org_id
    JOIN users u ON u.org_id = ANY (${ancestorIdsOf(sql`o.path`)})
    WHERE u.role IN (${roleList(roles)}) AND NOT u.disabled AND u.id <> m.except_id AND ${when}
    RETURNING id`;
}

/**
 * In-app notifications for the users of the given roles who can see each message's organization: those at the
 * organization itself or above it. One INSERT … SELECT over all the messages, so it is safe and cheap to call
 * inside the changing transaction, whether for one item or for every organization of an import.
 */
export async function notifyUsersOverMany(tx: DbOrTx, input: NotifyInput) {
  if (input.entries.length === 0) return { count: 0 };
  const rows = await tx.execute<{ id: number }>(notifyUsersSql(input));
  return { count: rows.rows.length };
}

export function notifyUsersOver(
  tx: DbOrTx,
  { orgId, roles, exceptUserId, message, at }: { orgId: number; roles: readonly Role[]; exceptUserId?: number; message: InAppMessage; at: Date },
) {
  return notifyUsersOverMany(tx, { roles, entries: [{ orgId, exceptUserId, message }], at });
}

/**
 * Queues one delivery per message and enabled channel that subscribes to the kind and covers the message's
 * organization (a channel bound to an organization hears only about items at or below it; a message with no
 * organization reaches only the channels bound to none). One INSERT … SELECT over all the messages.
 */
type QueueInput = { kind: NotificationKind; entries: readonly { orgId: number | null; message: OutboundMessage }[]; at: Date };

/** The statement of `queueDeliveriesMany`; `when` limits it to changes that took effect (see `ItemEventWriter`). */
export function queueDeliveriesSql({ kind, entries, at }: QueueInput, when: SQL = sql`true`): SQL {
  return sql`
    INSERT INTO deliveries (channel_id, kind, title, payload, status, next_attempt_at, created_at)
    SELECT c.id, ${kind}, m.title, m.payload, 'pending', ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
    FROM ${messageRows([
      ['org_id', 'int', entries.map((e) => e.orgId)],
      ['title', 'text', entries.map((e) => e.message.title)],
      ['payload', 'jsonb', entries.map((e) => JSON.stringify(e.message))],
    ])}
    LEFT JOIN orgs o ON o.id = m.org_id
    JOIN notification_channels c ON c.enabled AND ${kind} = ANY (c.events)
      AND (c.org_id IS NULL OR (o.id IS NOT NULL AND c.org_id = ANY (${ancestorIdsOf(sql`o.path`)})))
    WHERE ${when}
    RETURNING id`;
}

/**
 * Queues one delivery per message and enabled channel that subscribes to the kind and covers the message's
 * organization (a channel bound to an organization hears only about items at or below it; a message with no
 * organization reaches only the channels bound to none). One INSERT … SELECT over all the messages.
 */
export async function queueDeliveriesMany(tx: DbOrTx, input: QueueInput) {
  if (input.entries.length === 0) return { count: 0 };
  const rows = await tx.execute<{ id: number }>(queueDeliveriesSql(input));
  return { count: rows.rows.length };
}

export function queueDeliveries(tx: DbOrTx, { orgId, kind, message, at }: { orgId: number | null; kind: NotificationKind; message: OutboundMessage; at: Date }) {
  return queueDeliveriesMany(tx, { kind, entries: [{ orgId, message }], at });
}
