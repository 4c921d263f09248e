import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './client.js';
import { createTestDatabase } from '../test/test-db.js';

// Named statements are a node-postgres matter: PGlite runs in the process and has no connection to prepare on.
describe.skipIf(!process.env.DATABASE_URL)('prepared statements on a PostgreSQL server', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const preparedOnThisConnection = async (client: import('pg').PoolClient) =>
    (await client.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).rows.map((r) => r.statement);

  it('when the same parameterized statement runs twice on a connection, it is prepared once under one name and gives the same rows', async () => {
    const client = await database.pool!.connect();
    try {
      const text = 'SELECT $1::int + 1 AS n';
      const first = await client.query({ text, values: [1] });
      const second = await client.query({ text, values: [41] });
      expect([first.rows[0].n, second.rows[0].n]).toEqual([2, 42]);
      expect((await preparedOnThisConnection(client)).filter((s) => s === text)).toHaveLength(1);
      // Statements without parameters (BEGIN, the migrations) stay unnamed.
      await client.query('SELECT 1');
      expect(await preparedOnThisConnection(client)).not.toContain('SELECT 1');
    } finally {
      client.release();
    }
  });

  it('when statements keep changing shape, a connection stops preparing new ones at its cap and still answers them all', async () => {
    const client = await database.pool!.connect();
    try {
      for (let k = 0; k < 350; k++) {
        const { rows } = await client.query({ text: `SELECT $1::int + ${k} AS n`, values: [1] });
        expect(rows[0].n).toBe(k + 1);
      }
      const shapes = (await preparedOnThisConnection(client)).filter((s) => /^SELECT \$1::int \+ \d+ AS n$/.test(s));
      // The cap counts every statement the connection prepared, this test's shapes and the few before them.
      expect(shapes.length).toBeGreaterThan(290);
      expect(shapes.length).toBeLessThanOrEqual(300);
      // A statement with hundreds of parameters (a bulk insert's VALUES list) is a one-off and never named.
      const values = Array.from({ length: 201 }, (_, i) => i);
      const text = `SELECT count(*)::int AS n FROM (VALUES ${values.map((_, i) => `($${i + 1}::int)`).join(', ')}) v(x)`;
      expect((await client.query({ text, values })).rows[0].n).toBe(201);
      expect(await preparedOnThisConnection(client)).not.toContain(text);
    } finally {
      client.release();
    }
  });

  it('when a statement matches a pattern, it stays unnamed, so that each execution is planned with its pattern', async () => {
    const client = await database.pool!.connect();
    try {
      const text = "SELECT count(*)::int AS n FROM (VALUES ('/1/5/'), ('/1/50/'), ('/2/')) v(path) WHERE path LIKE $1";
      expect((await client.query({ text, values: ['/1/5%'] })).rows[0].n).toBe(2);
      expect((await client.query({ text, values: ['/1/5/%'] })).rows[0].n).toBe(1);
      const insensitive = 'SELECT $1::text ilike $2 AS hit';
      expect((await client.query({ text: insensitive, values: ['Abc', 'a%'] })).rows[0].hit).toBe(true);
      const prepared = await preparedOnThisConnection(client);
      expect(prepared).not.toContain(text);
      expect(prepared).not.toContain(insensitive);
    } finally {
      client.release();
    }
  });

  it('when the pool connects, its sessions leave plan caching to PostgreSQL and never JIT-compile', async () => {
    const { rows } = await database.db.execute<{ plan_cache_mode: string }>(sql`SHOW plan_cache_mode`);
    expect(rows[0].plan_cache_mode).toBe('auto');
    const { rows: jit } = await database.db.execute<{ jit: string }>(sql`SHOW jit`);
    expect(jit[0].jit).toBe('off');
  });
});
