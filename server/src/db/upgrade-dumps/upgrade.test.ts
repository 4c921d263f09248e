import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { testConfig } from '../../test/test-app.js';
import { createDatabase, migrationsFolder, type Database } from '../client.js';
import { digestTables, listTables } from '../../modules/backup/backup.tables.js';

const dumpsDir = import.meta.dirname;
const dumps = readdirSync(dumpsDir).filter((f) => f.endsWith('.sql.gz')).sort();
const expectedMigrations = (JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

/**
 * The dump as both drivers can run it. pg_dump clears search_path for its session so that every name it writes is
 * qualified; left in, it would also hold for the queries after it on the same connection (PGlite has only one).
 */
function dumpSql(file: string): string {
  return gunzipSync(readFileSync(join(dumpsDir, file)))
    .toString('utf8')
    .split('\n')
    .filter((line) => !line.includes("set_config('search_path'"))
    .join('\n');
}

/** An empty database, not migrated: PGlite in memory, or a new database on the server DATABASE_URL names. */
async function emptyDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await createDatabase({});
    return { ...database, drop: () => database.close() };
  }
  const name = `rectify_upgrade_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ url: url.toString(), poolSize: 2, onPoolError: () => undefined });
  return {
    ...database,
    drop: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** Runs a whole SQL script: PGlite's exec, or one simple-protocol query on the pool. */
async function runScript(database: Database, text: string) {
  const client = (database.db as unknown as { $client: { exec?: (q: string) => Promise<unknown>; query: (q: string) => Promise<unknown> } }).$client;
  if (database.driver === 'pglite') await client.exec!(text);
  else await client.query(text);
}

describe.each(dumps)('an upgrade from the release dumped in %s', (file) => {
  let database: Database & { drop(): Promise<void> };
  let before: Record<string, { rows: number }>;
  beforeAll(async () => {
    database = await emptyDatabase();
    await runScript(database, dumpSql(file));
    before = await digestTables(database.db);
  }, 120_000);
  afterAll(() => database?.drop());

  it('when loaded, the dump holds data in every table of its release', () => {
    expect(Object.keys(before).length).toBeGreaterThan(20);
    expect(Object.entries(before).filter(([, d]) => d.rows === 0).map(([name]) => name)).toEqual([]);
  });

  it('when migrated to the current schema, every row survives and the app serves the data made before', async () => {
    await database.migrate();
    const applied = await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
    expect(Number(applied.rows[0].n)).toBe(expectedMigrations);

    const after = await digestTables(database.db, (await listTables(database.db)).filter((name) => name in before));
    // The dashboard's prepared counts are derived from the items: a migration that changes what they count empties
    // them (0027), and the first dashboard read builds them again (checked below).
    const derived = new Set(['item_rollups', 'item_rollup_deltas']);
    for (const [name, { rows }] of Object.entries(before)) if (!derived.has(name)) expect(after[name]?.rows, `rows of ${name}`).toBeGreaterThanOrEqual(rows);

    const [item] = (await database.db.execute<{ id: number }>(sql`SELECT id FROM items WHERE title = '升级前建立的事项'`)).rows;
    expect(item).toBeDefined();
    const app = await buildApp({ config: testConfig(), database });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: 'Demo@2026' } });
      expect(login.statusCode).toBe(200);
      const auth = { authorization: `Bearer ${login.json().accessToken}` };
      const shown = await app.inject({ method: 'GET', url: `/api/items/${item.id}`, headers: auth });
      expect(shown.statusCode).toBe(200);
      expect(shown.json()).toMatchObject({ title: '升级前建立的事项', measures: [{ content: '制定整改方案' }, { content: '召开专题组织生活会' }] });
      expect(shown.json().evidence.map((e: { fileName: string }) => e.fileName)).toEqual(['升级前的佐证材料.pdf']);
      const list = await app.inject({ method: 'GET', url: '/api/items?page=1&pageSize=1', headers: auth });
      expect(list.json().total).toBe(before.items.rows);
      const dashboard = await app.inject({ method: 'GET', url: '/api/dashboard', headers: auth });
      expect(dashboard.statusCode).toBe(200);
      const rebuilt = await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM item_rollups`);
      expect(Number(rebuilt.rows[0].n)).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  }, 120_000);
});
