import Fastify from 'fastify';
import pg from 'pg';

/**
 * The hand-written baseline: Fastify and a bare `pg` pool running the app's list statement (the page, its lights
 * and its total from the prepared per-subtree counts, in one statement) with no authentication, validation, ORM or
 * serialization schema. The scope is the one the app's statement names: `committee=<id>`, `path=<subtree path>`, or
 * `leaf=<id>` for an organization with none below it. The app's figures are reported against it. Like the app, it
 * runs `jit=off`; unlike the app, it leaves its statements unnamed, as a hand-written route would.
 */
export async function startBaseline({ databaseUrl, port }: { databaseUrl: string; port: number }) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, options: '-c jit=off' });
  const app = Fastify();
  app.get('/bare', async () => ({ ok: true }));
  app.get('/list', async (request) => {
    const { path, committee, leaf, today, yellowUntil } = request.query as { path?: string; committee?: string; leaf?: string; today: string; yellowUntil: string };
    const scopePath = committee ? `/${committee}/` : leaf ? `/${leaf}/` : path!;
    const ids = scopePath.split('/').filter(Boolean).map(Number);
    const scope = committee ? 'i.committee_id = $1' : leaf ? 'i.org_id = $1' : 'i.committee_id = $1 AND o.path LIKE $5';
    const params = [ids[0], ids.at(-1), today, yellowUntil, ...(committee || leaf ? [] : [`${scopePath}%`])];
    const { rows } = await pool.query(
      `SELECT i.id, i.code, i.org_id, i.committee_id, i.source, i.review_id, i.common_problem_id, i.category_id, i.title, i.description, i.root_cause,
         i.target, i.responsible_leader, i.responsible_person, i.deadline, i.original_deadline, i.extension_count, i.pending_extension_deadline,
         i.pending_extension_reason, i.extension_requested_by, i.extension_requested_at, i.type, i.status, i.closure_requested_by, i.completion_note,
         i.completed_on, i.closed_at, i.closed_on, i.closed_late, i.remarks, i.evidence_count, i.version, i.created_by, i.updated_by, i.created_at,
         i.updated_at, o.name AS org_name, o.path AS org_path, (SELECT name FROM categories c WHERE c.id = i.category_id) AS category_name,
         CASE WHEN i.status IN ('closed', 'cancelled') THEN NULL WHEN i.deadline < $3::date THEN 'red' WHEN i.deadline <= $4::date THEN 'yellow' ELSE 'green' END AS light,
         (SELECT CASE WHEN s.as_of IS NOT NULL THEN (SELECT COALESCE(sum(issued + in_progress + closure_requested), 0)::int FROM (
           SELECT issued, in_progress, closure_requested FROM item_rollups WHERE org_id = $2 AND dim = 'total' AND key = ''
           UNION ALL SELECT issued, in_progress, closure_requested FROM item_rollup_deltas WHERE org_id = $2 AND dim = 'total' AND key = '') r) END
          FROM item_rollup_state s) AS total
       FROM items i JOIN orgs o ON o.id = i.org_id
       WHERE ${scope} AND i.status IN ('issued','in_progress','closure_requested') ORDER BY i.deadline, i.id LIMIT 20`,
      params,
    );
    return { items: rows, total: rows[0]?.total ?? 0 };
  });
  // The text search as one plain trigram-indexed query: the committee's first page of matches in deadline order,
  // with no total.
  app.get('/search', async (request) => {
    const { committee, q } = request.query as { committee: string; q: string };
    const { rows } = await pool.query(
      `SELECT i.id, i.code, i.org_id, i.title, i.description, i.deadline, i.status, i.type, i.version, o.name AS org_name
       FROM items i JOIN orgs o ON o.id = i.org_id
       WHERE i.committee_id = $1 AND i.id IN (SELECT item_id FROM item_search WHERE search_text ILIKE $2) ORDER BY i.deadline, i.id LIMIT 20`,
      [Number(committee), `%${q}%`],
    );
    return { items: rows };
  });
  await app.listen({ port, host: '127.0.0.1' });
  const { port: listening } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${listening}`, close: async () => { await app.close(); await pool.end(); } };
}
