import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { createDatabase, type Database } from '../db/client.js';
import { pgliteTemplateVariable } from './pglite-template.js';

let template: Promise<Blob> | undefined;

/** The migrated cluster the global setup dumped, read once per worker; none outside such a run. */
function pgliteTemplate(): Promise<Blob> | undefined {
  const path = process.env[pgliteTemplateVariable];
  if (!path || !existsSync(path)) return undefined;
  template ??= readFile(path).then((bytes) => new Blob([bytes]));
  return template;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server named by DATABASE_URL (dropped again on close).
 */
export async function createTestDatabase(): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await createDatabase({ loadDataDir: await pgliteTemplate() });
    await database.migrate();
    return database;
  }
  const name = `rectify_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ url: url.toString(), poolSize: 5, onPoolError: () => {} });
  await database.migrate();
  const close = database.close;
  return {
    ...database,
    close: async () => {
      await close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
