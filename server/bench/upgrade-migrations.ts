// Times each migration since a release on a copy of that release's dump grown to --items ledger items, so that a
// migration that rewrites a large table shows its cost before an operator meets it. Needs DATABASE_URL (a server).
//   cd server && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/upgrade-migrations.ts -- --items 1000000
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createDatabase } from '../src/db/client.js';
import { appliedMigrations, migrateUpTo, readJournal } from '../src/modules/backup/backup.migrations.js';
import { writableColumns } from '../src/modules/backup/backup.tables.js';

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: { items: { type: 'string', default: '1000000' }, release: { type: 'string', default: 'v1.0.0' } } });
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error('DATABASE_URL must name a PostgreSQL server');
const target = Number(values.items);

const name = `rectify_bench_upgrade_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const database = await createDatabase({ url: url.toString(), poolSize: 1 });
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
try {
  const dump = gunzipSync(readFileSync(join(import.meta.dirname, '..', 'src', 'db', 'upgrade-dumps', `${values.release}.sql.gz`))).toString('utf8');
  await database.pool!.query(dump.split('\n').filter((l) => !l.includes("set_config('search_path'")).join('\n'));

  // Copies of the release's items with codes of their own, in one statement (its rollup triggers run once).
  let start = process.hrtime.bigint();
  const have = Number((await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM items`)).rows[0].n);
  const columns = (await writableColumns(database.db, 'items')).filter((c) => c !== 'id');
  const select = columns.map((c) => (c === 'code' ? `'B' || g || '-' || i.code` : `i.${c}`)).join(', ');
  const rounds = Math.max(0, Math.ceil((target - have) / have));
  await database.db.execute(sql.raw(`INSERT INTO items (${columns.join(', ')}) SELECT ${select} FROM items i CROSS JOIN generate_series(1, ${rounds}) g`));
  await database.db.execute(sql.raw('VACUUM ANALYZE items'));
  const total = Number((await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM items`)).rows[0].n);
  console.log(`${total} items ready in ${seconds(start).toFixed(1)} s`);

  const journal = await readJournal();
  const from = (await appliedMigrations(database)).count;
  console.log(`| migration | seconds at ${total.toLocaleString('en')} items |\n| --- | ---: |`);
  for (let n = from + 1; n <= journal.entries.length; n++) {
    start = process.hrtime.bigint();
    await migrateUpTo(database, n);
    console.log(`| ${journal.entries[n - 1].tag} | ${seconds(start).toFixed(2)} |`);
  }
} finally {
  await database.close();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}
