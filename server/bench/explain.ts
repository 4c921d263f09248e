import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { orgIdOfPath } from '../src/lib/scope.js';

/** EXPLAIN (ANALYZE, BUFFERS) of the main queries, saved beside the results so a plan regression shows. */
export async function explainAll(db: Db, { leafPath, midPath, today }: { leafPath: string; midPath: string; today: string }) {
  const leafId = orgIdOfPath(leafPath);
  const open = sql`i.status IN ('issued','in_progress','closure_requested')`;
  const leafPage = (orgId: SQL) => sql`SELECT i.* FROM items i WHERE i.org_id = ${orgId} AND ${open} ORDER BY i.deadline, i.id LIMIT 20`;
  const queries: Record<string, SQL> = {
    // A leaf's scope is its organization's id (items.query.ts).
    'list, leaf': leafPage(sql`${leafId}`),
    'count, leaf': sql`SELECT count(*) FROM items i WHERE i.org_id = ${leafId} AND ${open}`,
    'list, mid-tree': sql`SELECT i.* FROM items i WHERE i.committee_id = 1 AND i.org_id IN (SELECT id FROM orgs WHERE path LIKE ${midPath + '%'}) AND ${open} ORDER BY i.deadline, i.id LIMIT 20`,
    'count, mid-tree': sql`SELECT count(*) FROM items i WHERE i.org_id IN (SELECT id FROM orgs WHERE path LIKE ${midPath + '%'}) AND ${open}`,
    'list, committee': sql`SELECT i.* FROM items i WHERE i.committee_id = 1 AND ${open} ORDER BY i.deadline, i.id LIMIT 20`,
    'count, committee': sql`SELECT count(*) FROM items i WHERE i.committee_id = 1 AND ${open}`,
    'overdue, committee': sql`SELECT count(*) FROM items i WHERE i.committee_id = 1 AND ${open} AND i.deadline < ${today}::date`,
    'text search': sql`SELECT i.id FROM items i WHERE i.committee_id = 1 AND i.id IN (SELECT item_id FROM item_search WHERE search_text ILIKE '%两张皮%') ORDER BY i.deadline LIMIT 20`,
    'dashboard, committee (prepared counts)': sql`SELECT org_id, dim, key, sum(n) FROM (SELECT org_id, dim, key, n FROM item_rollups WHERE org_id IN (SELECT 1 UNION ALL SELECT id FROM orgs WHERE parent_id = 1) UNION ALL SELECT org_id, dim, key, n FROM item_rollup_deltas WHERE org_id IN (SELECT 1 UNION ALL SELECT id FROM orgs WHERE parent_id = 1)) r WHERE org_id = 1 OR dim = 'total' GROUP BY 1, 2, 3`,
    'history of one item': sql`SELECT * FROM item_history WHERE item_id = (SELECT max(id) / 2 FROM items) ORDER BY id`,
  };
  const out: string[] = [];
  for (const [name, query] of Object.entries(queries)) {
    const plan = await db.execute<{ 'QUERY PLAN': string }>(sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`);
    out.push(`## ${name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
  }
  // The plan a connection keeps for every leaf once its named statement has run five times: one made for any id.
  const generic = await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL plan_cache_mode = force_generic_plan`);
    await tx.execute(sql`PREPARE bench_leaf_page(int) AS ${leafPage(sql.raw('$1'))}`);
    const plan = await tx.execute<{ 'QUERY PLAN': string }>(sql.raw(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_leaf_page(${leafId})`));
    await tx.execute(sql`DEALLOCATE bench_leaf_page`);
    return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
  out.push(`## list, leaf (as prepared: the plan kept for any leaf)\n${generic}\n`);
  return out.join('\n');
}
