import { sql, type SQL } from 'drizzle-orm';
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

/** The item's side of the statement: its values, or expressions over its row where the item is read with it. */
interface ItemTerms {
  orgId: SQL;
  committeeId: SQL;
  /** int[]: who made the item's pending requests. */
  requesters: SQL;
  /** int[]: the organizations strictly between the committee (the path's first id) and the item's own (its last). */
  ancestors: SQL;
}

/**
 * The committee's settings, the nearest 党委 above the item's organization, and the endorsers there and at the item's
 * organization whom the caller is or stands in for today, as one row. A request's own requester is nobody's principal:
 * whoever asked never signs for it, in person or through a stand-in.
 */
function contextSelect(user: { id: number; role: string }, today: string, item: ItemTerms): SQL {
  const principals =
    user.role === 'branch'
      ? sql`(SELECT json_agg(json_build_object('id', u."id", 'name', u."display_name", 'orgId', u."org_id") ORDER BY u."id" <> ${user.id}, u."id")
        FROM "users" u JOIN "review_endorsers" e ON e."user_id" = u."id"
        WHERE u."role" = 'branch' AND NOT u."disabled" AND u."org_id" IN (${item.orgId}, COALESCE(party."id", 0))
          AND NOT (u."id" = ANY(${item.requesters}))
          AND (u."id" = ${user.id} OR EXISTS (
            SELECT FROM "review_stand_ins" si WHERE si."principal_id" = u."id" AND si."stand_in_id" = ${user.id}
              AND si."revoked_at" IS NULL AND ${today}::date BETWEEN si."starts_on" AND si."ends_on")))`
      : sql`NULL::json`;
  return sql`SELECT s."unit_review" AS "unitReview", s."party_review" AS "partyReview", party."id" AS "partyOrgId", ${principals} AS "principals"
    FROM (SELECT 1) one LEFT JOIN "review_level_settings" s ON s."committee_id" = ${item.committeeId}
    LEFT JOIN LATERAL (
      SELECT po."id" FROM "orgs" po WHERE po."id" = ANY(${item.ancestors}) AND po."kind" = 'party_committee' ORDER BY po."depth" DESC LIMIT 1
    ) party ON true`;
}

/**
 * The context as a subquery over the row of the item being read (`items` joined to its `orgs`), for `LEFT JOIN
 * LATERAL`: a step reads the item and what the review levels mean for it in one statement. Its columns are decoded
 * by `reviewContextFrom`.
 */
export function reviewContextLateral(user: { id: number; role: string }, today: string): SQL {
  return contextSelect(user, today, {
    orgId: sql`"items"."org_id"`,
    committeeId: sql`"items"."committee_id"`,
    requesters: sql`array_remove(ARRAY["items"."closure_requested_by", "items"."extension_requested_by"]::int[], NULL)`,
    // Cast, so that ANY takes the array as one value rather than the subquery's rows.
    ancestors: sql`(SELECT a[2:cardinality(a) - 1] FROM (SELECT string_to_array(btrim("orgs"."path", '/'), '/')::int[] AS a) p)::int[]`,
  });
}

/** The organizations strictly between the committee (the path's first id) and the item's own (its last). */
const between = (orgPath: string) => orgPath.split('/').filter(Boolean).map(Number).slice(1, -1);

/** What the review levels mean for one item and one caller, read on its own (see `contextSelect`). */
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
  const requesters = [item.closureRequestedBy, item.extensionRequestedBy].filter((id): id is number => id !== null);
  const { rows } = await conn.execute<Record<string, unknown>>(
    contextSelect(user, today, {
      orgId: sql`${item.orgId}::int`,
      committeeId: sql`${item.committeeId}::int`,
      requesters: sql`${`{${requesters.join(',')}}`}::int[]`,
      ancestors: sql`${`{${between(orgPath).join(',')}}`}::int[]`,
    }),
  );
  return reviewContextFrom(rows[0], { user, orgId: item.orgId });
}

/** The context from the statement's row (`unitReview`, `partyReview`, `partyOrgId`, `principals`). */
export function reviewContextFrom(columns: Record<string, unknown>, { user, orgId }: { user: { id: number }; orgId: number }): ReviewContext {
  const row = columns as unknown as ContextRow;
  const chain: ReviewLevel[] = [];
  if (row.unitReview) chain.push('unit');
  if (row.partyReview && row.partyOrgId !== null) chain.push('party');
  chain.push('committee');
  const reviews: ReviewLevel[] = [];
  const onBehalfOf: ReviewContext['onBehalfOf'] = {};
  const levelOrgs: Array<[ReviewLevel, number | null]> = [['unit', orgId], ['party', row.partyOrgId]];
  for (const [level, levelOrg] of levelOrgs) {
    // Principals come with the caller first: acting in one's own right wins over standing in.
    const principal = (row.principals ?? []).find((p) => p.orgId === levelOrg);
    if (!principal) continue;
    reviews.push(level);
    if (principal.id !== user.id) onBehalfOf[level] = { id: principal.id, name: principal.name };
  }
  return { chain, reviews, onBehalfOf };
}
