import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase, type Database } from '../../db/client.js';
import { defaultDataDir } from '../../lib/paths.js';
import { createLocalDiskStorage } from '../../lib/storage/local-disk.js';
import { createS3Client, createS3Storage } from '../../lib/storage/s3.js';
import { s3SettingsFromEnv } from '../../lib/storage/storage.config.js';
import type { Storage } from '../../lib/storage/storage.js';
import { createBackup, restoreBackup } from './backup.service.js';
import { digestTables } from './backup.tables.js';

const usage = `Usage (from the repository's top; stop the server first on PGlite, which one process holds at a time):
  pnpm backup [--out DIR] [--files copy|manifest]   write a backup of DATA_DIR (or DATABASE_URL) into DIR
                                                    (files: copy on local disk, manifest with STORAGE=s3 unless told)
  pnpm restore --from DIR                           load a backup into an empty database and DATA_DIR/evidence
  pnpm migrate-to-postgres [--to URL]               move the PGlite installation in DATA_DIR into PostgreSQL (URL or DATABASE_URL)`;

// pnpm runs the script in server/; a path the operator typed is meant from where they typed it.
const fromCaller = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);
const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');

function openDatabase({ url, dataDir }: { url?: string; dataDir: string }): Promise<Database> {
  return createDatabase(url ? { url, poolSize: 2, onPoolError: () => undefined } : { dataDir: join(dataDir, 'pglite') });
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    // `pnpm backup -- --out x` hands the separator on to the script.
    args: rest.filter((arg) => arg !== '--'),
    options: { out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, files: { type: 'string' } },
  });
  const dataDir = process.env.DATA_DIR ? fromCaller(process.env.DATA_DIR) : defaultDataDir();
  const url = process.env.DATABASE_URL || undefined;
  const s3 = s3SettingsFromEnv(process.env);
  const { storage, close } = openStorage({ dataDir, s3 });
  try {
    await run({ command, values, dataDir, url, storage, onS3: !!s3 });
  } finally {
    close();
  }
}

/** The evidence store the server would use: DATA_DIR/evidence, or the bucket STORAGE=s3 names. */
function openStorage({ dataDir, s3 }: { dataDir: string; s3: ReturnType<typeof s3SettingsFromEnv> }): { storage: Storage; close: () => void } {
  if (!s3) return { storage: createLocalDiskStorage({ root: join(dataDir, 'evidence') }), close: () => undefined };
  const client = createS3Client(s3);
  return { storage: createS3Storage({ client, bucket: s3.bucket, prefix: s3.prefix, spoolDir: join(dataDir, 'spool') }), close: () => client.destroy() };
}

async function run({
  command,
  values,
  dataDir,
  url,
  storage,
  onS3,
}: {
  command: string | undefined;
  values: { out?: string; from?: string; to?: string; files?: string };
  dataDir: string;
  url: string | undefined;
  storage: Storage;
  onS3: boolean;
}) {

  if (command === 'backup') {
    // A bucket is usually replicated or versioned by its own means: by default its backup is the list of keys and hashes.
    const files = values.files ?? (onS3 ? 'manifest' : 'copy');
    if (files !== 'copy' && files !== 'manifest') throw new Error('--files is copy or manifest');
    const outDir = fromCaller(values.out ?? join('backups', `rectify-${stamp()}`));
    const database = await openDatabase({ url, dataDir });
    try {
      const { manifest } = await createBackup({ database, storage, outDir, files });
      const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
      console.log(`backup written to ${outDir}: ${Object.keys(manifest.tables).length} tables, ${rows} rows, ${manifest.files.entries.length} evidence files (${manifest.files.mode})`);
    } finally {
      await database.close();
    }
    return;
  }

  if (command === 'restore') {
    if (!values.from) throw new Error('restore needs --from DIR');
    const database = await openDatabase({ url, dataDir });
    try {
      const result = await restoreBackup({ database, fromDir: fromCaller(values.from), evidenceDir: join(dataDir, 'evidence') });
      console.log(`restored ${result.tables} tables, ${result.rows} rows and ${result.files} evidence files into ${url ? 'the PostgreSQL database' : dataDir}; every table matches the backup`);
      if (onS3 && result.files > 0) console.log(`the evidence files are in ${join(dataDir, 'evidence')}: pnpm storage:move-to-s3 puts them into the bucket`);
    } finally {
      await database.close();
    }
    return;
  }

  if (command === 'migrate-to-postgres') {
    const to = values.to ?? url;
    if (!to?.startsWith('postgres')) throw new Error('migrate-to-postgres needs --to postgres://… or DATABASE_URL');
    const source = await openDatabase({ dataDir });
    const target = await openDatabase({ url: to, dataDir });
    const work = await mkdtemp(join(tmpdir(), 'rectify-move-'));
    try {
      // The evidence stays where it is (DATA_DIR/evidence): the move only checks every file is there.
      await createBackup({ database: source, storage, outDir: join(work, 'backup'), files: 'manifest' });
      const result = await restoreBackup({ database: target, fromDir: join(work, 'backup') });
      const [before, after] = await Promise.all([digestTables(source.db), digestTables(target.db)]);
      const differing = Object.keys(before).filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
      if (differing.length) throw new Error(`tables differ after the move: ${differing.join(', ')}`);
      console.log(
        `moved ${result.tables} tables and ${result.rows} rows into PostgreSQL, every table compared; ${result.manifest.files.entries.length} evidence files stay in ${join(dataDir, 'evidence')}.\n` +
          `Start the server with DATABASE_URL set (and JWT_SECRET) and the same DATA_DIR; ${join(dataDir, 'pglite')} can be archived once you are satisfied.`,
      );
    } finally {
      await rm(work, { recursive: true, force: true });
      await Promise.all([source.close(), target.close()]);
    }
    return;
  }

  console.error(usage);
  process.exitCode = 2;
}

main().catch((err: Error) => {
  console.error(`failed: ${err.message}`);
  process.exitCode = 1;
});
