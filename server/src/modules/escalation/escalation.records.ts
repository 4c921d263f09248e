import { sql, type SQL } from 'drizzle-orm';
import type { EscalationRecord, EscalationSummary } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';

type RecordRow = Omit<EscalationRecord, 'createdAt'> & { createdAt: Date | string; total: number };

/** 约谈 and 问责建议 records under a subtree, newest first. */
export async function escalationRecordsOf(db: DbOrTx, { scopePath, itemId, recordId, limit, offset }: { scopePath: string; itemId?: number; recordId?: number; limit: number; offset: number }) {
  const result = await db.execute<RecordRow>(sql`
    SELECT e.id, e.item_id AS "itemId", i.code AS "itemCode", i.title AS "itemTitle", e.org_id AS "orgId", o.name AS "orgName", e.kind,
      e.held_on::text AS "heldOn", e.participants, e.content, u.display_name AS "createdByName", e.created_at AS "createdAt",
      COALESCE((SELECT json_agg(json_build_object('id', f.id, 'fileName', f.file_name, 'mime', f.mime, 'size', f.size) ORDER BY f.id)
        FROM evidence f WHERE f.escalation_record_id = e.id AND f.removed_at IS NULL), '[]'::json) AS attachments,
      count(*) OVER ()::int AS total
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
 * Each organization directly under the scope with its subtree's record: 催办 naming one of its items, 督办单 by
 * colour, 约谈 and 问责建议, all time (those with nothing are left out).
 */
export async function escalationByChildOf(db: DbOrTx, { scopePath, depth }: { scopePath: string; depth: number }) {
  const child = (path: SQL) => sql`NULLIF(split_part(${path}, '/', ${depth + 3}), '')::int`;
  const result = await db.execute<{ orgId: number; reminders: number; blue: number; yellow: number; red: number; talks: number; accountability: number }>(sql`
    WITH steps AS (
      SELECT ${child(sql`o.path`)} AS org_id, 'remind' AS kind FROM (SELECT DISTINCT n.item_id, n.created_at FROM notifications n WHERE n.kind = 'item_urged') n
        JOIN items i ON i.id = n.item_id JOIN orgs o ON o.id = i.org_id WHERE ${underPath(sql`o.path`, scopePath)}
      UNION ALL
      SELECT ${child(sql`o.path`)}, 'notice_' || n.level FROM notices n JOIN orgs o ON o.id = n.org_id WHERE ${underPath(sql`o.path`, scopePath)}
      UNION ALL
      SELECT ${child(sql`o.path`)}, e.kind FROM escalation_records e JOIN orgs o ON o.id = e.org_id WHERE ${underPath(sql`o.path`, scopePath)}
    )
    SELECT org_id AS "orgId",
      count(*) FILTER (WHERE kind = 'remind')::int AS reminders,
      count(*) FILTER (WHERE kind = 'notice_blue')::int AS blue,
      count(*) FILTER (WHERE kind = 'notice_yellow')::int AS yellow,
      count(*) FILTER (WHERE kind = 'notice_red')::int AS red,
      count(*) FILTER (WHERE kind = 'talk')::int AS talks,
      count(*) FILTER (WHERE kind = 'accountability')::int AS accountability
    FROM steps WHERE org_id IS NOT NULL GROUP BY org_id ORDER BY org_id`);
  return result.rows.map((r) => ({ orgId: r.orgId, reminders: r.reminders, notices: { blue: r.blue, yellow: r.yellow, red: r.red }, talks: r.talks, accountability: r.accountability }));
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
