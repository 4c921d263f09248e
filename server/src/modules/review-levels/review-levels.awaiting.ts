import { sql } from 'drizzle-orm';
import type { ReviewAwaiting, ReviewAwaitingItem, ReviewLevel } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';

/**
 * What waits at each review level in the caller's scope, and what waits for the caller: at the committee's level for
 * a supervisor; for an endorser (or their stand-in today), the unit level of their organization and, at a 党委, the
 * 党委 level of the branches it is the nearest 党委 of. Never what the caller requested.
 */
export async function reviewAwaitingOf({ db, user, today }: { db: Db; user: AuthUser; today: string }): Promise<ReviewAwaiting> {
  const scope = underPath(sql.raw('o."path"'), user.orgPath);
  const reviewer = sql`(EXISTS (SELECT FROM "review_endorsers" WHERE "user_id" = ${user.id}) OR EXISTS (
      SELECT FROM "review_stand_ins" si JOIN "review_endorsers" e ON e."user_id" = si."principal_id"
      WHERE si."stand_in_id" = ${user.id} AND si."revoked_at" IS NULL AND ${today}::date BETWEEN si."starts_on" AND si."ends_on"))`;
  const nearestParty = sql`(SELECT "kind" FROM "orgs" WHERE "id" = ${user.orgId}) = 'party_committee' AND w."orgId" <> ${user.orgId}
      AND NOT EXISTS (SELECT FROM "orgs" p WHERE p."kind" = 'party_committee' AND p."id" <> w."orgId"
        AND w."path" LIKE p."path" || '%' AND p."path" LIKE ${user.orgPath + '_%'})`;
  const mine =
    user.role === 'supervisor'
      ? sql`w."level" = 'committee'`
      : user.role === 'branch'
        ? sql`${reviewer} AND ((w."level" = 'unit' AND w."orgId" = ${user.orgId}) OR (w."level" = 'party' AND ${nearestParty}))`
        : sql`false`;
  const { rows } = await db.execute<{ levels: Array<{ level: ReviewLevel; kind: 'closure' | 'extension'; n: number }> | null; total: number; items: ReviewAwaitingItem[] | null }>(sql`
    WITH waiting AS (
      SELECT i."id", 'closure' AS "kind", COALESCE(i."review_level", 'committee') AS "level", i."closure_requested_by" AS "requester",
        i."updated_at" AS "since", i."org_id" AS "orgId", o."path", o."name" AS "orgName", i."code", i."title"
      FROM "items" i JOIN "orgs" o ON o."id" = i."org_id" WHERE ${scope} AND i."status" = 'closure_requested'
      UNION ALL
      SELECT i."id", 'extension', COALESCE(i."extension_review_level", 'committee'), i."extension_requested_by",
        i."extension_requested_at", i."org_id", o."path", o."name", i."code", i."title"
      FROM "items" i JOIN "orgs" o ON o."id" = i."org_id"
      WHERE ${scope} AND i."pending_extension_deadline" IS NOT NULL AND i."status" NOT IN ('closed', 'cancelled')
    ), mine AS (
      SELECT * FROM waiting w WHERE w."requester" IS DISTINCT FROM ${user.id} AND ${mine}
    )
    SELECT
      (SELECT json_agg(json_build_object('level', "level", 'kind', "kind", 'n', n)) FROM (SELECT "level", "kind", count(*)::int AS n FROM waiting GROUP BY 1, 2) c) AS "levels",
      (SELECT count(*)::int FROM mine) AS "total",
      (SELECT json_agg(json_build_object('id', "id", 'code', "code", 'title', "title", 'orgName', "orgName", 'kind', "kind", 'level', "level"))
        FROM (SELECT * FROM mine ORDER BY "since", "id" LIMIT 10) m) AS "items"`);
  const [row] = rows;
  const levels: ReviewAwaiting['levels'] = { unit: { closure: 0, extension: 0 }, party: { closure: 0, extension: 0 }, committee: { closure: 0, extension: 0 } };
  for (const c of row.levels ?? []) levels[c.level][c.kind] = c.n;
  return { levels, mine: { total: row.total, items: (row.items ?? []).map((i) => ({ ...i, id: Number(i.id) })) } };
}
