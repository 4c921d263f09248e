import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrationsFolder, type Database } from '../../db/client.js';

interface Journal {
  entries: Array<{ idx: number; tag: string; when: number }>;
}

export async function readJournal(folder = migrationsFolder): Promise<Journal> {
  return JSON.parse(await readFile(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** How many migrations the database has applied, and the time stamp of the last (drizzle's own bookkeeping). */
export async function appliedMigrations(database: Database): Promise<{ count: number; lastCreatedAt: number | null }> {
  const { rows } = await database.db.execute<{ n: number; last: string | null }>(
    sql`SELECT count(*)::int AS n, max(created_at)::text AS last FROM drizzle.__drizzle_migrations`,
  );
  return { count: Number(rows[0].n), lastCreatedAt: rows[0].last === null ? null : Number(rows[0].last) };
}

/**
 * Applies the first `count` migrations only: a backup made by an earlier release is loaded into the schema it was
 * made with, and the remaining migrations then carry its data forward as an upgrade would.
 */
export async function migrateUpTo(database: Database, count: number): Promise<void> {
  const journal = await readJournal();
  if (count > journal.entries.length) {
    throw new Error(`the backup was made by a newer release (${count} migrations; this one knows ${journal.entries.length}): restore it with that release`);
  }
  if (count === journal.entries.length) return database.migrate();
  const folder = await mkdtemp(join(tmpdir(), 'rectify-migrations-'));
  try {
    await cp(migrationsFolder, folder, { recursive: true });
    await writeFile(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
    if (database.driver === 'postgres') {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      await migrate(database.db, { migrationsFolder: folder });
    } else {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(database.db as never, { migrationsFolder: folder });
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
