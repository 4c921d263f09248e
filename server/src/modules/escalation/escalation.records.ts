import { sql } from 'drizzle-orm';
import type { EscalationRecord, EscalationSummary } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';

type RecordRow = Omit<EscalationRecord, 'createdAt'> & { createdAt: Date | string; total: number };

/** 约谈 and 问责建议 records under a subtree, newest first. */
export async function escalationRecordsOf(db: DbOrTx, { scopePath, itemId, recordId, limit, offset }: { scopePath: string; itemId?: number; recordId?: number; limit: number; offset: number }) {
  const result = await db.execute<RecordRow>(sql`
    SELECT e.id, e.item_id AS "itemId", i.code AS "itemCode", i.title AS "itemTitle", e.org_id AS "orgId", o.name AS "orgName", e.kind,
      e.held_on::text AS "heldOn", e.participants, e.content, u.display_name AS "createdByName", e.created_at AS "createdAt", count(*) OVER ()::int AS total
    FROM escalation_records e JOIN items i ON i.id = e.item_id JOIN orgs o ON o.id = e.org_id JOIN users u ON u.id = e.created_by
    WHERE ${underPath(sql`o.path`, scopePath)}
      ${itemId ? sql`AND e.item_id = ${itemId}` : sql``}
      ${recordId ? sql`AND e.id = ${recordId}` : sql``}
    ORDER BY e.created_at DESC, e.id DESC
    LIMIT ${limit} OFFSET ${offset}`);
  return {
    items: result.rows.map(({ total: _total, ...r }) => ({ ...r, id: Number(r.id), itemId: Number(r.itemId), createdAt: new Date(r.createdAt).toISOString() })),
    total: result.rows[0]?.total ?? 0,
  };
}

/**
 * What a subtree was sent and what was recorded against it: 催办 naming one item (one per item and moment, however
 * many clerks received it), 督办单 by colour, 约谈 and 问责建议.
 */
export async function escalationSummaryOf(db: DbOrTx, { scopePath }: { scopePath: string }): Promise<EscalationSummary> {
  const result = await db.execute<{ reminders: number; blue: number; yellow: number; red: number; talks: number; accountability: number }>(sql`
    SELECT
      (SELECT count(DISTINCT (n.item_id, n.created_at)) FROM notifications n JOIN items i ON i.id = n.item_id JOIN orgs o ON o.id = i.org_id
        WHERE n.kind = 'item_urged' AND ${underPath(sql`o.path`, scopePath)})::int AS reminders,
      (SELECT count(*) FILTER (WHERE n.level = 'blue') FROM notices n JOIN orgs o ON o.id = n.org_id WHERE ${underPath(sql`o.path`, scopePath)})::int AS blue,
      (SELECT count(*) FILTER (WHERE n.level = 'yellow') FROM notices n JOIN orgs o ON o.id = n.org_id WHERE ${underPath(sql`o.path`, scopePath)})::int AS yellow,
      (SELECT count(*) FILTER (WHERE n.level = 'red') FROM notices n JOIN orgs o ON o.id = n.org_id WHERE ${underPath(sql`o.path`, scopePath)})::int AS red,
      (SELECT count(*) FILTER (WHERE e.kind = 'talk') FROM escalation_records e JOIN orgs o ON o.id = e.org_id WHERE ${underPath(sql`o.path`, scopePath)})::int AS talks,
      (SELECT count(*) FILTER (WHERE e.kind = 'accountability') FROM escalation_records e JOIN orgs o ON o.id = e.org_id WHERE ${underPath(sql`o.path`, scopePath)})::int AS accountability`);
  const r = result.rows[0];
  return { reminders: r.reminders, notices: { blue: r.blue, yellow: r.yellow, red: r.red }, talks: r.talks, accountability: r.accountability };
}
