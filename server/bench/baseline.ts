import Fastify from 'fastify';
import pg from 'pg';

/**
 * The hand-written baseline: Fastify and a bare `pg` pool running the same list SQL as the app, with no
 * authentication, validation, ORM or serialization schema. The app's figures are reported against it.
 */
export async function startBaseline({ databaseUrl, port }: { databaseUrl: string; port: number }) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const app = Fastify();
  app.get('/bare', async () => ({ ok: true }));
  // The same two statements as the app: the page, and the total from the prepared per-subtree counts.
  app.get('/list', async (request) => {
    const { path, committee } = request.query as { path?: string; committee?: string };
    const scopePath = committee ? `/${committee}/` : path!;
    const ids = scopePath.split('/').filter(Boolean).map(Number);
    const scope = committee ? 'i.committee_id = $1' : 'i.committee_id = $1 AND i.org_id IN (SELECT id FROM orgs WHERE path LIKE $2)';
    const params = committee ? [ids[0]] : [ids[0], `${scopePath}%`];
    const where = `${scope} AND i.status IN ('issued','in_progress','closure_requested')`;
    const [rows, total] = await Promise.all([
      pool.query(
        `SELECT i.*, o.name AS org_name, c.name AS category_name FROM items i JOIN orgs o ON o.id = i.org_id
         LEFT JOIN categories c ON c.id = i.category_id WHERE ${where} ORDER BY i.deadline, i.id LIMIT 20`,
        params,
      ),
      pool.query(
        `SELECT (SELECT COALESCE(sum(issued + in_progress + closure_requested), 0)::int FROM (
           SELECT issued, in_progress, closure_requested FROM item_rollups WHERE org_id = $1 AND dim = 'total' AND key = ''
           UNION ALL SELECT issued, in_progress, closure_requested FROM item_rollup_deltas WHERE org_id = $1 AND dim = 'total' AND key = '') r) AS n
         FROM item_rollup_state`,
        [ids.at(-1)],
      ),
    ]);
    return { items: rows.rows, total: total.rows[0].n };
  });
  await app.listen({ port, host: '127.0.0.1' });
  const { port: listening } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${listening}`, close: async () => { await app.close(); await pool.end(); } };
}
