import { sql } from 'drizzle-orm';
import type { ReportReviewLevels, ReviewLevel } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import type { Scope } from '../reports/reports.figures.js';
import type { MonthPeriod } from '../reports/reports.period.js';

const passing = ['endorse_closure', 'endorse_extension', 'approve_closure', 'approve_extension'];
const sendingBack = ['reject_closure', 'reject_extension'];

/**
 * The month's review decisions at each level, from the history alone (each entry names its level; one without a
 * level was decided by the committee), so a past month's figures never move.
 */
export async function reviewLevelFigures(db: DbOrTx, { scope, period, timeZone }: { scope: Scope; period: MonthPeriod; timeZone: string }): Promise<ReportReviewLevels> {
  const { rows } = await db.execute<{ level: ReviewLevel; passed: number; sentBack: number }>(sql`
    SELECT COALESCE(h."data"->>'level', 'committee') AS "level",
      count(*) FILTER (WHERE h."action" = ANY(${`{${passing.join(',')}}`}::text[]))::int AS "passed",
      count(*) FILTER (WHERE h."action" = ANY(${`{${sendingBack.join(',')}}`}::text[]))::int AS "sentBack"
    FROM "item_history" h JOIN "items" i ON i."id" = h."item_id" JOIN "orgs" o ON o."id" = i."org_id"
    WHERE ${underPath(sql`o."path"`, scope.path)} AND h."action" = ANY(${`{${[...passing, ...sendingBack].join(',')}}`}::text[])
      AND h."at" >= (${period.firstDay}::date::timestamp AT TIME ZONE ${timeZone}) AND h."at" < (${period.nextFirstDay}::date::timestamp AT TIME ZONE ${timeZone})
    GROUP BY 1`);
  const figures: ReportReviewLevels = { unit: { passed: 0, sentBack: 0 }, party: { passed: 0, sentBack: 0 }, committee: { passed: 0, sentBack: 0 } };
  for (const r of rows) if (r.level in figures) figures[r.level] = { passed: r.passed, sentBack: r.sentBack };
  return figures;
}
