import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

/**
 * Resolves again, in one statement, every open item whose working-day deadline touches `year` (counted from a day up
 * to two years before it, falling in it, or still provisional) after the year's calendar changed; lights follow,
 * since they are computed from the deadline. An item whose deadline was extended keeps the date it was given. Only
 * the items whose deadline moves are written, each with a history entry, a new version and `deadline_provisional`
 * from the years now loaded; a 待定 deadline that stays on its day keeps its stored flag, which is read against the
 * loaded years (`provisionalNow`). Runs inside the transaction that saved the year, so a failure leaves the calendar
 * and the items as they were.
 */
export async function reResolveWorkingDeadlines(tx: DbOrTx, { year, actorId }: { year: number; actorId: number }) {
  const lo = `${year - 2}-01-01`;
  const hi = `${year + 4}-12-31`;
  const comment = `工作日历（${year} 年）调整后按工作日时限重新计算`;
  // A moved deadline enters each of the items' indexes again; the text's trigram index, the costliest, is in a table
  // of its own that only a changed text writes (migration 0029).
  // The rows are visited in the order they lie in the table: found by a bitmap scan of the working-day index, where an
  // index scan fetched them in deadline order, a random read each, and updated in id order (`target`, sorted), so that
  // each page of the table and of its id-ordered indexes is read and written once rather than once per row: half the
  // pages at 1,000,000 items (docs/performance.md). The planner's statistics seldom know how many deadlines a year moves
  // and it takes the index scan unless told otherwise, for this statement only.
  const [{ prior }] = (await tx.execute<{ prior: string }>(sql`SELECT current_setting('enable_indexscan') AS prior, set_config('enable_indexscan', 'off', true)`)).rows;
  const result = await tx.execute<{ changed: number }>(sql`
    WITH days AS (
      SELECT d::date AS day,
             COALESCE(c.kind = 'work', extract(isodow FROM d) < 6) AS working
      FROM generate_series(${lo}::date, ${hi}::date, interval '1 day') d
      LEFT JOIN calendar_days c ON c.day = d::date
    ), numbered AS (
      SELECT day, working, sum(working::int) OVER (ORDER BY day) AS n FROM days
    ), resolved AS (
      SELECT i.id, i.deadline AS before, t.day AS after, i.deadline_provisional AS stored,
             EXISTS (
               SELECT 1 FROM generate_series(extract(year FROM i.deadline_from + 1)::int, extract(year FROM t.day)::int) y
               WHERE NOT EXISTS (SELECT 1 FROM calendar_years cy WHERE cy.year = y)
             ) AS provisional
      FROM items i
      JOIN numbered f ON f.day = i.deadline_from
      JOIN numbered t ON t.working AND t.n = f.n + i.deadline_working_days
      WHERE i.deadline_working_days IS NOT NULL
        AND i.deadline_from >= ${lo}::date AND i.deadline_from <= ${`${year}-12-31`}::date
        AND (i.deadline >= ${`${year}-01-01`}::date OR i.deadline_provisional)
        AND i.status NOT IN ('closed', 'cancelled')
        AND i.extension_count = 0
    ), target AS MATERIALIZED (
      SELECT id, before, after, provisional FROM resolved WHERE before <> after OR (provisional AND NOT stored)
      ORDER BY id
    ), changed AS (
      UPDATE items SET deadline = target.after, original_deadline = target.after, deadline_provisional = target.provisional,
             version = items.version + 1, updated_at = now()
      FROM target
      WHERE items.id = target.id
      RETURNING items.id, target.before, target.after
    ), logged AS (
      INSERT INTO item_history (item_id, actor_id, action, comment, changes)
      SELECT id, ${actorId}, 'updated', ${comment}, jsonb_build_object('deadline', jsonb_build_object('before', before, 'after', after))
      FROM changed WHERE before <> after
      RETURNING 1
    )
    SELECT count(*)::int AS changed FROM changed
  `);
  await tx.execute(sql`SELECT set_config('enable_indexscan', ${prior}, true)`);
  return { changed: Number(result.rows[0]?.changed ?? 0) };
}
