import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { isStorageKey, type Storage } from '../../lib/storage/storage.js';
import { appliedMigrations, migrateUpTo } from './backup.migrations.js';
import { digestTables, digestsIn, listTables, quoteIdent, readSequences, writableColumns, writeSequences, type SequenceState, type TableDigest } from './backup.tables.js';

export const manifestName = 'manifest.json';

export interface BackupFile {
  key: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: 'rectify-backup';
  version: 1;
  createdAt: string;
  driver: Database['driver'];
  /** Migrations applied to the database backed up: a restore loads the data into exactly that schema. */
  migrations: number;
  tables: Record<string, TableDigest & { file: string }>;
  sequences: SequenceState[];
  /** `copy`: every evidence file is in `evidence/<key>`; `manifest`: only listed (a bucket backed up on its own). */
  files: { mode: 'copy' | 'manifest'; entries: BackupFile[] };
}

/** Rows fetched from the cursor at a time, and the most JSON sent in one INSERT while restoring. */
const fetchRows = 2000;
const insertBytes = 4 * 1024 * 1024;

async function writeLines(path: string, produce: (write: (line: string) => Promise<void>) => Promise<void>): Promise<string> {
  const gzip = createGzip();
  const hash = createHash('sha256');
  const file = createWriteStream(path);
  gzip.on('data', (chunk: Buffer) => hash.update(chunk));
  const done = pipeline(gzip, file);
  await produce(async (line) => {
    if (!gzip.write(`${line}\n`)) await new Promise((resolve) => gzip.once('drain', resolve));
  });
  gzip.end();
  await done;
  return hash.digest('hex');
}

/** Every table's rows as JSON lines, its count and digest and the sequences, all read in one REPEATABLE READ snapshot. */
async function exportTables(database: Database, outDir: string) {
  await mkdir(join(outDir, 'tables'), { recursive: true });
  return database.db.transaction(
    async (tx) => {
      await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
      const migrations = Number((await tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)).rows[0].n);
      const names = await listTables(tx);
      const digests = await digestsIn(tx, names);
      const tables: BackupManifest['tables'] = {};
      for (const name of names) {
        const file = `tables/${name}.ndjson.gz`;
        await writeLines(join(outDir, file), async (write) => {
          await tx.execute(sql.raw(`DECLARE rectify_backup NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS r FROM public.${quoteIdent(name)} t`));
          for (;;) {
            const { rows } = await tx.execute<{ r: string }>(sql.raw(`FETCH ${fetchRows} FROM rectify_backup`));
            for (const row of rows) await write(row.r);
            if (rows.length < fetchRows) break;
          }
          await tx.execute(sql.raw('CLOSE rectify_backup'));
        });
        tables[name] = { ...digests[name], file };
      }
      const evidence = await tx.execute<{ key: string; size: number; sha256: string }>(
        sql`SELECT storage_key AS key, size, sha256 FROM evidence ORDER BY storage_key`,
      );
      return { migrations, tables, sequences: await readSequences(tx), evidence: evidence.rows.map((e) => ({ ...e, size: Number(e.size) })) };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Copies a readable into `path` through a temporary file and returns its SHA-256; the rename makes it appear whole. */
async function copyInto(source: NodeJS.ReadableStream, path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${randomUUID()}`;
  const hash = createHash('sha256');
  source.on('data', (chunk: Buffer) => hash.update(chunk));
  try {
    await pipeline(source, createWriteStream(temp));
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return hash.digest('hex');
}

/**
 * Writes a consistent backup into the empty directory `outDir`: every table read in one snapshot, and every
 * evidence file the snapshot's rows name, copied and checked against its recorded SHA-256 (or, with
 * `files: 'manifest'`, only confirmed present and listed, for a bucket that is backed up by its own means).
 * Evidence files never change once stored, so copying them after the snapshot still matches its rows.
 */
export async function createBackup({ database, storage, outDir, files = 'copy' }: { database: Database; storage: Storage; outDir: string; files?: 'copy' | 'manifest' }) {
  await mkdir(outDir, { recursive: true });
  if ((await readdir(outDir)).length > 0) throw new Error(`${outDir} is not empty: a backup goes into a directory of its own`);
  try {
    return await writeBackup({ database, storage, outDir, files });
  } catch (err) {
    // The directory was empty when we began: leave nothing half-written behind to be mistaken for a backup.
    await rm(outDir, { recursive: true, force: true });
    throw err;
  }
}

async function writeBackup({ database, storage, outDir, files }: { database: Database; storage: Storage; outDir: string; files: 'copy' | 'manifest' }) {
  const exported = await exportTables(database, outDir);
  for (const file of exported.evidence) {
    if (!isStorageKey(file.key)) throw new Error(`evidence key ${file.key} is not one the app writes`);
    const missing = () => {
      throw new Error(`evidence ${file.key} is named by a row but missing from the store`);
    };
    if (files === 'manifest') {
      await storage.stat(file.key).catch(missing);
      continue;
    }
    const sha256 = await copyInto(await storage.open(file.key).catch(missing), join(outDir, 'evidence', ...file.key.split('/')));
    if (sha256 !== file.sha256) throw new Error(`evidence ${file.key} does not match its recorded SHA-256`);
  }
  const manifest: BackupManifest = {
    format: 'rectify-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    driver: database.driver,
    migrations: exported.migrations,
    tables: exported.tables,
    sequences: exported.sequences,
    files: { mode: files, entries: exported.evidence },
  };
  // Written last: a directory without its manifest is an unfinished backup and restore refuses it.
  await writeFile(join(outDir, manifestName), `${JSON.stringify(manifest, null, 1)}\n`);
  return { manifest };
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  const manifest = JSON.parse(await readFile(join(dir, manifestName), 'utf8').catch(() => {
    throw new Error(`${dir} holds no ${manifestName}: not a finished backup`);
  })) as BackupManifest;
  if (manifest.format !== 'rectify-backup' || manifest.version !== 1) throw new Error(`${dir} is not a Rectify backup this release can read`);
  return manifest;
}

async function* batches(path: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let batch: string[] = [];
  let bytes = 0;
  for await (const line of lines) {
    if (!line) continue;
    batch.push(line);
    bytes += line.length;
    if (bytes >= insertBytes) {
      yield `[${batch.join(',')}]`;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length) yield `[${batch.join(',')}]`;
}

/** Refuses a database that already holds an installation: a restore never mixes two. */
async function assertEmptyTarget(database: Database, manifest: BackupManifest) {
  let applied = 0;
  try {
    applied = (await appliedMigrations(database)).count;
  } catch {
    return;
  }
  if (applied === 0) return;
  if (applied !== manifest.migrations) throw new Error(`the target database is at migration ${applied}, the backup at ${manifest.migrations}: restore into an empty database`);
  const { rows } = await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`);
  if (Number(rows[0].n) > 0) throw new Error('the target database already holds users: restore into an empty database');
}

/**
 * Loads a backup into an empty database (PGlite or PostgreSQL, either may have made it) and its evidence files
 * into `evidenceDir`: the schema the backup was made with, every row in one transaction with triggers and foreign
 * keys held off (the rows were consistent when read; the dashboard's counts are restored as they were rather than
 * counted twice), the sequences as they were, every table compared with the backup's digest, then the migrations
 * this release adds. Setting session_replication_role needs a superuser on PostgreSQL.
 */
export async function restoreBackup({ database, fromDir, evidenceDir }: { database: Database; fromDir: string; evidenceDir?: string }) {
  const manifest = await readManifest(fromDir);
  await assertEmptyTarget(database, manifest);
  await migrateUpTo(database, manifest.migrations);
  const names = Object.keys(manifest.tables);
  const present = new Set(await listTables(database.db));
  const unknown = names.filter((n) => !present.has(n));
  if (unknown.length) throw new Error(`the backup holds tables this schema lacks: ${unknown.join(', ')}`);

  await database.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
    await tx.execute(sql.raw(`TRUNCATE ${[...present].map((n) => `public.${quoteIdent(n)}`).join(', ')}`));
    for (const name of names) {
      const columns = (await writableColumns(tx, name)).map(quoteIdent).join(', ');
      const target = `public.${quoteIdent(name)}`;
      for await (const json of batches(join(fromDir, manifest.tables[name].file))) {
        await tx.execute(sql`${sql.raw(`INSERT INTO ${target} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM json_populate_recordset(NULL::${target}, `)}${json}::json)`);
      }
    }
    await writeSequences(tx, manifest.sequences);
  });

  const restored = await digestTables(database.db, names);
  const differing = names.filter((n) => restored[n].rows !== manifest.tables[n].rows || restored[n].digest !== manifest.tables[n].digest);
  if (differing.length) throw new Error(`restored tables differ from the backup: ${differing.join(', ')}`);

  let files = 0;
  if (manifest.files.mode === 'copy' && evidenceDir) files = await restoreFiles({ fromDir, evidenceDir, entries: manifest.files.entries });
  await database.migrate();
  return { manifest, tables: names.length, rows: names.reduce((sum, n) => sum + manifest.tables[n].rows, 0), files };
}

/** Each file into the evidence directory under its key, checked against its SHA-256; one already there and equal is kept. */
async function restoreFiles({ fromDir, evidenceDir, entries }: { fromDir: string; evidenceDir: string; entries: BackupFile[] }) {
  let copied = 0;
  for (const { key, sha256 } of entries) {
    if (!isStorageKey(key)) throw new Error(`evidence key ${key} is not one the app writes`);
    const target = join(evidenceDir, ...key.split('/'));
    const existing = await stat(target).catch(() => null);
    if (existing) {
      if ((await hashFile(target)) === sha256) continue;
      throw new Error(`${target} exists with other content: restore into an empty evidence directory`);
    }
    const got = await copyInto(createReadStream(join(fromDir, 'evidence', ...key.split('/'))), target);
    if (got !== sha256) {
      await rm(target, { force: true });
      throw new Error(`evidence ${key} in the backup does not match its SHA-256`);
    }
    copied++;
  }
  return copied;
}
