import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationsFolder } from '../db/client.js';

/** Where the test runs find the migrated PGlite cluster that each test database starts from. */
export const pgliteTemplateVariable = 'RECTIFY_TEST_PGLITE_TEMPLATE';

/**
 * A vitest global setup: one PGlite cluster initialised and migrated, dumped to a file that every test database on
 * PGlite loads. Why: creating a PGlite cluster runs initdb (about 3 s a file on this machine) and loading a dump
 * about 1 s; with a hundred and more test files that is minutes of CI. Each file still calls `migrate()`, which
 * finds nothing to do. Nothing is made when the tests run on a PostgreSQL server.
 */
export default async function setupPgliteTemplate() {
  if (process.env.DATABASE_URL) return;
  const [{ PGlite }, { pg_trgm }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const client = await PGlite.create({ extensions: { pg_trgm } });
  await migrate(drizzle({ client }), { migrationsFolder });
  const dump = await client.dumpDataDir('none');
  await client.close();
  const path = join(tmpdir(), `rectify-pglite-template-${process.pid}.tar`);
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  process.env[pgliteTemplateVariable] = path;
  return () => rmSync(path, { force: true });
}
