import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { LightContext } from '../items/items.query.js';
import type { RollupCounts } from './reviews.rollup.js';

/** Rows as returned by either driver: node-postgres gives `{ rows }`, PGlite the same shape through Drizzle. */
const rowsOf = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];

export interface EarlierRow {
  id: number;
  code: string;
  title: string;
  orgId: number;
  orgName: string;
  status: string;
  deadline: string;
  closedOn: string | null;
  closedLate: boolean | null;
  reviewId: number;
  reviewTitle: string;
  reviewHeldOn: string;
  carried: boolean;
}

/** At most this many earlier problems per organization are shown; a year's review finds a handful. */
export const EARLIER_LIMIT = 500;

export function createCarryRepository({ db }: { db: DbOrTx }) {
  return {
    /**
     * One organization's items first found in reviews held before `reviewId` (by date, then by id on the same day),
     * by the organization index: unfinished first, then by deadline. `carried` says whether this review has it.
     */
    async earlier({ reviewId, orgId, lock = false }: { reviewId: number; orgId: number; lock?: boolean }) {
      const rows = rowsOf<EarlierRow>(
        await db.execute(sql`
          SELECT i.id::int AS "id", i.code, i.title, i.org_id AS "orgId", o.name AS "orgName", i.status,
            i.deadline::text AS "deadline", i.closed_on::text AS "closedOn", i.closed_late AS "closedLate",
            r.id::int AS "reviewId", r.title AS "reviewTitle", r.held_on::text AS "reviewHeldOn",
            EXISTS (SELECT 1 FROM review_items ri WHERE ri.review_id = ${reviewId} AND ri.item_id = i.id) AS "carried"
          FROM items i
          JOIN reviews r ON r.id = i.review_id
          JOIN reviews cur ON cur.id = ${reviewId}
          JOIN orgs o ON o.id = i.org_id
          WHERE i.org_id = ${orgId} AND i.review_id <> cur.id
            AND (r.held_on < cur.held_on OR (r.held_on = cur.held_on AND r.id < cur.id))
          ORDER BY i.status IN ('closed', 'cancelled'), i.deadline, i.id
          LIMIT ${EARLIER_LIMIT}
          ${lock ? sql`FOR UPDATE OF i` : sql``}`),
      );
      return { rows: rows.map((r) => ({ ...r, id: Number(r.id), reviewId: Number(r.reviewId) })) };
    },

    /** Links the items to the review; the ids of those not linked before. */
    async link({ reviewId, itemIds, actorId }: { reviewId: number; itemIds: number[]; actorId: number }) {
      if (itemIds.length === 0) return { linked: [] as number[] };
      const rows = rowsOf<{ itemId: number }>(
        await db.execute(sql`
          INSERT INTO review_items (review_id, item_id, kind, created_by)
          SELECT ${reviewId}, item_id, 'carried', ${actorId}::int FROM unnest(${sql.param(itemIds)}::bigint[]) AS t(item_id)
          ON CONFLICT (review_id, item_id) DO NOTHING
          RETURNING item_id AS "itemId"`),
      );
      return { linked: rows.map((r) => Number(r.itemId)) };
    },

    /** Per organization in the scope: the items carried into the review, counted like its own. */
    async carriedRollups({ reviewId, scopePath, light }: { reviewId: number; scopePath: string; light: LightContext }) {
      if (!/^[\d/]+$/.test(scopePath)) throw new Error('invalid organization path');
      const rows = rowsOf<RollupCounts & { orgId: number; orgName: string; orgPath: string }>(
        await db.execute(sql`
          SELECT i.org_id AS "orgId", o.name AS "orgName", o.path AS "orgPath",
            count(*)::int AS "total",
            count(*) FILTER (WHERE i.status = 'closed')::int AS "closed",
            count(*) FILTER (WHERE i.status = 'closed' AND i.closed_late)::int AS "closedLate",
            count(*) FILTER (WHERE i.status = 'cancelled')::int AS "cancelled",
            count(*) FILTER (WHERE i.status NOT IN ('closed', 'cancelled') AND i.deadline < ${light.today}::date)::int AS "overdue"
          FROM review_items ri
          JOIN items i ON i.id = ri.item_id
          JOIN orgs o ON o.id = i.org_id
          WHERE ri.review_id = ${reviewId} AND o.path LIKE ${scopePath + '%'}
          GROUP BY i.org_id, o.name, o.path`),
      );
      return { rows };
    },
  };
}
