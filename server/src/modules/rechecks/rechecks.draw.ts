import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { DrawParams } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { addDays } from '../../lib/dates.js';
import { underPath } from '../../lib/scope.js';
import { recheckDraws } from './rechecks.table.js';
import { ancestorIdsOf } from '../notifications/notifications.notify.js';

/** A fresh seed for a draw nobody named one for; stored with the draw, it draws the same sample again. */
export const newSeed = () => randomBytes(8).toString('hex');

/** The last closure day due for a re-check: `months` calendar months before `today` (the 31st falls to the month's end). */
export function closedOnOrBefore(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = Number(addDays(`${year + (month === 12 ? 1 : 0)}-${String((month % 12) + 1).padStart(2, '0')}-01`, -1).slice(8));
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The closed items of the scope due for a re-check, each with its place in the seed's order: md5 of the seed and the
 * id, so the order depends on nothing but the two (not on the plan, the engine or the rows' physical order). An item
 * already re-checked in its current round is not due again.
 */
function candidates({ scopePath, params, seed }: { scopePath: string; params: DrawParams; seed: string }): SQL {
  const categories = params.categoryIds.length ? sql`AND i.category_id = ANY(${`{${params.categoryIds.join(',')}}`}::int[])` : sql``;
  const sources = params.sources.length ? sql`AND i.source = ANY(${`{${params.sources.join(',')}}`}::text[])` : sql``;
  return sql`
    SELECT i.id, i.org_id, i.round, md5(${seed} || ':' || i.id::text) AS h
    FROM items i JOIN orgs o ON o.id = i.org_id
    WHERE ${underPath(sql`o.path`, scopePath)} AND i.status = 'closed' AND i.closed_on <= ${params.closedOnOrBefore}::date
      ${categories} ${sources}
      AND NOT EXISTS (SELECT 1 FROM rechecks r WHERE r.item_id = i.id AND r.round = i.round)`;
}

/** How many of `n` due items a percentage draws: at least one when any is due. */
const sampleSize = (percent: number) => sql`ceil(count(*) * ${percent}::numeric / 100)::int`;

/** The sample a seed draws, without storing it (the same ids a draw with that seed would store now). */
export async function previewSample(db: DbOrTx, args: { scopePath: string; params: DrawParams; seed: string }) {
  const result = await db.execute<{ id: number }>(sql`
    WITH c AS MATERIALIZED (${candidates(args)})
    SELECT id FROM c ORDER BY h, id LIMIT (SELECT ${sampleSize(args.params.percent)} FROM c)`);
  return result.rows.map((r) => Number(r.id));
}

/**
 * Draws a sample and stores it: the draw row with its seed and parameters, and a re-check requested of each drawn
 * item's organization, in one statement over one scan of the due items.
 */
export async function drawSample(
  tx: DbOrTx,
  { committeeId, scopePath, params, seed, period, drawnBy, now }: { committeeId: number; scopePath: string; params: DrawParams; seed: string; period: string | null; drawnBy: number | null; now: Date },
) {
  const [draw] = await tx
    .insert(recheckDraws)
    .values({ committeeId, seed, params, candidates: 0, drawn: 0, period, drawnBy, drawnAt: now })
    .returning({ id: recheckDraws.id });
  const result = await tx.execute<{ candidates: number; drawn: number }>(sql`
    WITH c AS MATERIALIZED (${candidates({ scopePath, params, seed })}),
    picked AS (SELECT id, org_id, round FROM c ORDER BY h, id LIMIT (SELECT ${sampleSize(params.percent)} FROM c)),
    ins AS (
      INSERT INTO rechecks (draw_id, item_id, org_id, round, status, created_at)
      SELECT ${draw.id}, id, org_id, round, 'requested', ${now.toISOString()}::timestamptz FROM picked
      RETURNING 1
    ),
    -- The organization hears of each re-check asked of it: its clerks (and those above it) answer 巩固 on the item's page.
    told AS (
      INSERT INTO notifications (user_id, kind, title, body, item_id, created_at)
      SELECT u.id, 'recheck_requested', '回头看：请确认整改成效', '「' || left(i.title, 60) || '」销号已满期，工委开展回头看：请在事项页说明整改成效是否巩固，并上传佐证材料。',
        p.id, ${now.toISOString()}::timestamptz
      FROM picked p JOIN items i ON i.id = p.id JOIN orgs o ON o.id = p.org_id
      JOIN users u ON u.org_id = ANY (${ancestorIdsOf(sql`o.path`)})
      WHERE u.role = 'branch' AND NOT u.disabled
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM c)::int AS candidates, (SELECT count(*) FROM ins)::int AS drawn`);
  const { candidates: due, drawn } = result.rows[0];
  await tx.execute(sql`UPDATE recheck_draws SET candidates = ${due}, drawn = ${drawn} WHERE id = ${draw.id}`);
  return { drawId: draw.id, candidates: due, drawn };
}
