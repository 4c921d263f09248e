import { sql } from 'drizzle-orm';
import type { ReportEscalations } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { dayStart, type Scope } from '../reports/reports.figures.js';
import type { MonthPeriod } from '../reports/reports.period.js';

/** 约谈 and 问责建议 recorded during the month, per organization directly under the scope (with its subtree). */
export async function escalationFigures(db: DbOrTx, { scope, period, timeZone }: { scope: Scope; period: MonthPeriod; timeZone: string }): Promise<ReportEscalations> {
  const childPosition = scope.depth + 3;
  const result = await db.execute<{ orgId: number; orgName: string; talks: number; accountability: number }>(sql`
    WITH e AS (
      SELECT e.kind, COALESCE(NULLIF(split_part(o.path, '/', ${childPosition}), '')::int, ${scope.id}) AS org_key
      FROM escalation_records e JOIN orgs o ON o.id = e.org_id
      WHERE ${underPath(sql`o.path`, scope.path)} AND e.created_at >= ${dayStart(period.firstDay, timeZone)} AND e.created_at < ${dayStart(period.nextFirstDay, timeZone)}
    )
    SELECT e.org_key AS "orgId", k.name AS "orgName", count(*) FILTER (WHERE e.kind = 'talk')::int AS talks, count(*) FILTER (WHERE e.kind = 'accountability')::int AS accountability
    FROM e JOIN orgs k ON k.id = e.org_key
    GROUP BY e.org_key, k.name
    ORDER BY 4 DESC, 3 DESC, 2`);
  const byOrg = result.rows;
  return { talks: byOrg.reduce((n, r) => n + r.talks, 0), accountability: byOrg.reduce((n, r) => n + r.accountability, 0), byOrg };
}
