import { sql, type SQL } from 'drizzle-orm';
import type { ReviewLevel } from '@rectify/shared';
import { ancestorIdsOf, type InAppMessage, type OutboundMessage } from './notifications.notify.js';

/** A request now waiting at a level below the committee's, for the reviewers of that level. */
export interface ReviewerMessage {
  orgId: number;
  level: Exclude<ReviewLevel, 'committee'>;
  /** Whoever asked never reviews their own request, so never hears that it waits for them. */
  requesterId: number;
  message: InAppMessage;
  outbound: OutboundMessage;
}

/**
 * The organization that reviews at a level: the item's own (本单位审核), or the nearest 党委 strictly between the
 * committee and the item's organization (党委初审), as `reviewContextOf` finds it.
 */
const reviewingOrg = (level: SQL) => sql`(CASE WHEN ${level} = 'unit' THEN o.id ELSE (
    SELECT p.id FROM orgs p
    WHERE p.id = ANY (${ancestorIdsOf(sql`o.path`)}) AND p.id <> o.id AND p.kind = 'party_committee' AND p.id <> split_part(o.path, '/', 2)::int
    ORDER BY p.depth DESC LIMIT 1) END)`;

function rowsOf(entries: readonly ReviewerMessage[]): SQL {
  const column = (type: string, values: readonly unknown[]) => sql`${sql.param(values)}::${sql.raw(type)}[]`;
  const columns = [
    column('int', entries.map((e) => e.orgId)),
    column('text', entries.map((e) => e.level)),
    column('int', entries.map((e) => e.requesterId)),
    column('text', entries.map((e) => e.message.kind)),
    column('text', entries.map((e) => e.message.title)),
    column('text', entries.map((e) => e.message.body)),
    column('bigint', entries.map((e) => e.message.itemId ?? null)),
    column('jsonb', entries.map((e) => JSON.stringify(e.outbound))),
  ];
  return sql`unnest(${sql.join(columns, sql`, `)}) AS m(org_id, level, requester_id, kind, title, body, item_id, payload)`;
}

/**
 * In-app notices for the endorsers of the reviewing organization (签字背书) and whoever stands in for one of them on
 * `today` (代理审核), each once, never the requester, never the actor. `when` as in `notifyUsersSql`.
 */
export function notifyReviewersSql({ entries, actorId, at, today }: { entries: readonly ReviewerMessage[]; actorId: number; at: Date; today: string }, when: SQL = sql`true`): SQL {
  return sql`
    INSERT INTO notifications (user_id, kind, title, body, item_id, created_at)
    SELECT DISTINCT ON (m.item_id, r.user_id) r.user_id, m.kind, m.title, m.body, m.item_id, ${at.toISOString()}::timestamptz
    FROM ${rowsOf(entries)}
    JOIN orgs o ON o.id = m.org_id
    JOIN LATERAL (
      SELECT e.user_id, u.id AS principal_id FROM review_endorsers e JOIN users u ON u.id = e.user_id
      WHERE u.org_id = ${reviewingOrg(sql`m.level`)} AND u.role = 'branch' AND NOT u.disabled
      UNION ALL
      SELECT si.stand_in_id, u.id FROM review_stand_ins si JOIN review_endorsers e ON e.user_id = si.principal_id JOIN users u ON u.id = si.principal_id
      WHERE u.org_id = ${reviewingOrg(sql`m.level`)} AND u.role = 'branch' AND NOT u.disabled
        AND si.revoked_at IS NULL AND ${today}::date BETWEEN si.starts_on AND si.ends_on
    ) r ON r.principal_id <> m.requester_id
    JOIN users s ON s.id = r.user_id AND NOT s.disabled
    WHERE r.user_id NOT IN (m.requester_id, ${actorId}) AND ${when}
    RETURNING id`;
}

/**
 * Deliveries to the channels of the reviewing organization itself (its own group chat or mailbox): a channel bound
 * higher up hears of a request once it reaches the committee, not at each level on the way.
 */
export function queueReviewerDeliveriesSql({ entries, at }: { entries: readonly ReviewerMessage[]; at: Date }, when: SQL = sql`true`): SQL {
  return sql`
    INSERT INTO deliveries (channel_id, kind, title, payload, status, next_attempt_at, created_at)
    SELECT c.id, m.kind, m.title, m.payload, 'pending', ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
    FROM ${rowsOf(entries)}
    JOIN orgs o ON o.id = m.org_id
    JOIN notification_channels c ON c.enabled AND m.kind = ANY (c.events) AND c.org_id = ${reviewingOrg(sql`m.level`)}
    WHERE ${when}
    RETURNING id`;
}
