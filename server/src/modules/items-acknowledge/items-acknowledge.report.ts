import { sql } from 'drizzle-orm';
import type { ReportAcknowledge } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { loadWorkingCalendar } from '../calendar/calendar.store.js';
import { defaultSettings } from '../settings/settings.service.js';
import type { Scope } from '../reports/reports.figures.js';
import type { MonthPeriod } from '../reports/reports.period.js';
import { firstDayWithinWindow } from './items-acknowledge.window.js';

/**
 * 签收与异议 in the month's report, from the history: the month's 签收 and objections, and what waited at its end
 * (`asOfDay`'s midnight; while the month runs, everything recorded so far, as in the rest of the report). Only items still waiting, or changed since, can have waited
 * then; each one's status then is the last status its history had reached, and it waited since it last became 待签收
 * (its `issuedAt`, unless it became 待签收 again later).
 */
export async function acknowledgeFigures(
  db: DbOrTx,
  { scope, period, timeZone, asOfDay, complete }: { scope: Scope; period: MonthPeriod; timeZone: string; asOfDay: string; complete: boolean },
): Promise<ReportAcknowledge> {
  const [{ rows: stored }, calendar] = await Promise.all([
    db.execute<{ value: unknown }>(sql`SELECT "value" FROM "settings" WHERE "key" = 'acknowledgeDays'`),
    loadWorkingCalendar(db),
  ]);
  const days = typeof stored[0]?.value === 'number' ? stored[0].value : defaultSettings.acknowledgeDays;
  const firstDay = firstDayWithinWindow({ today: asOfDay, days, calendar, timeZone });
  // While the month runs, everything recorded so far counts, as in the rest of the report.
  const end = complete ? sql`(${period.nextFirstDay}::date::timestamp AT TIME ZONE ${timeZone})` : sql`'infinity'::timestamptz`;
  const monthStart = sql`(${period.firstDay}::date::timestamp AT TIME ZONE ${timeZone})`;
  const monthEnd = sql`(${period.nextFirstDay}::date::timestamp AT TIME ZONE ${timeZone})`;
  const { rows } = await db.execute<ReportAcknowledge>(sql`
    WITH candidates AS (
      SELECT i."id", i."status", COALESCE(i."issued_at", i."created_at") AS "issued_at", i."updated_at"
      FROM "items" i JOIN "orgs" o ON o."id" = i."org_id"
      WHERE ${underPath(sql`o."path"`, scope.path)} AND i."created_at" < ${end} AND (i."status" IN ('issued', 'objected') OR i."updated_at" >= ${end})
    ), at_end AS (
      -- Not changed since the end (every step moves updated_at): as it is now.
      SELECT c."status", c."issued_at" AS "since" FROM candidates c WHERE c."updated_at" < ${end}
      UNION ALL
      -- Changed since: one walk of its history answers what it was then.
      SELECT COALESCE(x."before", x."undone", c."status") AS "status", CASE WHEN x."reissued" THEN x."lastIssued" ELSE c."issued_at" END AS "since"
      FROM candidates c CROSS JOIN LATERAL (
        SELECT (array_agg(h."to_status" ORDER BY h."id" DESC) FILTER (WHERE h."at" < ${end} AND h."to_status" IS NOT NULL))[1] AS "before",
          (array_agg(h."from_status" ORDER BY h."id") FILTER (WHERE h."at" >= ${end} AND h."from_status" IS NOT NULL))[1] AS "undone",
          COALESCE(bool_or(h."at" >= ${end} AND h."to_status" = 'issued'), false) AS "reissued",
          max(h."at") FILTER (WHERE h."at" < ${end} AND h."to_status" = 'issued') AS "lastIssued"
        FROM "item_history" h WHERE h."item_id" = c."id"
      ) x
      WHERE c."updated_at" >= ${end}
    )
    SELECT
      (SELECT count(*)::int FROM "item_history" h JOIN "items" i ON i."id" = h."item_id" JOIN "orgs" o ON o."id" = i."org_id"
        WHERE ${underPath(sql`o."path"`, scope.path)} AND h."action" = 'start' AND h."at" >= ${monthStart} AND h."at" < ${monthEnd}) AS "signed",
      (SELECT count(*)::int FROM "item_history" h JOIN "items" i ON i."id" = h."item_id" JOIN "orgs" o ON o."id" = i."org_id"
        WHERE ${underPath(sql`o."path"`, scope.path)} AND h."action" = 'object' AND h."at" >= ${monthStart} AND h."at" < ${monthEnd}) AS "objectionsRaised",
      count(*) FILTER (WHERE "status" = 'issued')::int AS "waiting",
      count(*) FILTER (WHERE "status" = 'issued' AND "since" < (${firstDay}::date::timestamp AT TIME ZONE ${timeZone}))::int AS "overdue",
      count(*) FILTER (WHERE "status" = 'objected')::int AS "objected"
    FROM at_end`);
  return rows[0];
}
