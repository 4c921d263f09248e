import { sql } from 'drizzle-orm';
import type { ReviewLevel } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';

/** A clerk a reviewer acts for: themselves, or the endorser they stand in for (代理审核). */
export interface ReviewPrincipal {
  id: number;
  name: string;
}

/**
 * What the review levels mean for one item and one caller: the chain its requests climb (the committee last), the
 * levels below the committee at which the caller reviews it, and at each, whose name a stand-in signs in.
 */
export interface ReviewContext {
  chain: ReviewLevel[];
  reviews: ReviewLevel[];
  onBehalfOf: Partial<Record<ReviewLevel, ReviewPrincipal>>;
}

interface ContextRow {
  unitReview: boolean | null;
  partyReview: boolean | null;
  partyOrgId: number | null;
  principals: Array<{ id: number; name: string; orgId: number }> | null;
}

/** The organizations strictly between the committee (the path's first id) and the item's own (its last). */
const between = (orgPath: string) => orgPath.split('/').filter(Boolean).map(Number).slice(1, -1);

/**
 * One statement: the committee's settings, the nearest 党委 above the item's organization, and the endorsers there and
 * at the item's organization whom the caller is or stands in for today. A request's own requester is nobody's
 * principal: whoever asked never signs for it, in person or through a stand-in.
 */
export async function reviewContextOf(
  conn: DbOrTx,
  {
    user,
    item,
    orgPath,
    today,
  }: {
    user: { id: number; role: string };
    item: { orgId: number; committeeId: number; closureRequestedBy: number | null; extensionRequestedBy: number | null };
    orgPath: string;
    today: string;
  },
): Promise<ReviewContext> {
  const ancestors = between(orgPath);
  const requesters = [item.closureRequestedBy, item.extensionRequestedBy].filter((id): id is number => id !== null);
  const { rows } = await conn.execute<ContextRow & Record<string, unknown>>(sql`
    WITH party AS (
      SELECT "id" FROM "orgs" WHERE "id" = ANY(${`{${ancestors.join(',')}}`}::int[]) AND "kind" = 'party_committee' ORDER BY "depth" DESC LIMIT 1
    )
    SELECT s."unit_review" AS "unitReview", s."party_review" AS "partyReview", (SELECT "id" FROM party) AS "partyOrgId",
      ${
        user.role === 'branch'
          ? sql`(SELECT json_agg(json_build_object('id', u."id", 'name', u."display_name", 'orgId', u."org_id") ORDER BY u."id" <> ${user.id}, u."id")
        FROM "users" u JOIN "review_endorsers" e ON e."user_id" = u."id"
        WHERE u."role" = 'branch' AND NOT u."disabled" AND u."org_id" IN (${item.orgId}, COALESCE((SELECT "id" FROM party), 0))
          AND NOT (u."id" = ANY(${`{${requesters.join(',')}}`}::int[]))
          AND (u."id" = ${user.id} OR EXISTS (
            SELECT FROM "review_stand_ins" si WHERE si."principal_id" = u."id" AND si."stand_in_id" = ${user.id}
              AND si."revoked_at" IS NULL AND ${today}::date BETWEEN si."starts_on" AND si."ends_on")))`
          : sql`NULL::json`
      } AS "principals"
    FROM (SELECT 1) one LEFT JOIN "review_level_settings" s ON s."committee_id" = ${item.committeeId}`);
  const row = rows[0] as unknown as ContextRow;
  const chain: ReviewLevel[] = [];
  if (row.unitReview) chain.push('unit');
  if (row.partyReview && row.partyOrgId !== null) chain.push('party');
  chain.push('committee');
  const reviews: ReviewLevel[] = [];
  const onBehalfOf: ReviewContext['onBehalfOf'] = {};
  const levelOrgs: Array<[ReviewLevel, number | null]> = [['unit', item.orgId], ['party', row.partyOrgId]];
  for (const [level, orgId] of levelOrgs) {
    // Principals come with the caller first: acting in one's own right wins over standing in.
    const principal = (row.principals ?? []).find((p) => p.orgId === orgId);
    if (!principal) continue;
    reviews.push(level);
    if (principal.id !== user.id) onBehalfOf[level] = { id: principal.id, name: principal.name };
  }
  return { chain, reviews, onBehalfOf };
}
