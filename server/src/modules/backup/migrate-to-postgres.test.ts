import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createDatabase, type Database } from '../../db/client.js';
import { createTestApp, testConfig } from '../../test/test-app.js';
import { createItem, uploadPdf } from '../items/items.test-helpers.js';
import { digestTables, type TableDigest } from './backup.tables.js';

const serverUrl = process.env.DATABASE_URL;
const serverDir = join(import.meta.dirname, '..', '..', '..');

/** Needs a PostgreSQL server to move into: it runs in CI's PostgreSQL pass of the server project. */
describe.skipIf(!serverUrl)('pnpm migrate-to-postgres', () => {
  let dataDir: string;
  let targetUrl: string;
  let target: Database;
  let before: Record<string, TableDigest>;
  let evidenceId: number;
  const name = `rectify_move_${process.pid}_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rectify-move-test-'));
    const pglite = await createDatabase({ dataDir: join(dataDir, 'pglite') });
    await pglite.migrate();
    const t = await createTestApp({ database: pglite, config: { dataDir } });
    const item = await createItem(t);
    evidenceId = (await uploadPdf(t, 'branch', item.id, '迁移前上传的佐证.pdf')).json().evidenceId;
    await t.app.audit.settled(); // the audit log is written after each answer is sent
    before = await digestTables(pglite.db);
    await t.close();

    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    targetUrl = url.toString();
    // A PGlite on disk, migrated and seeded, then a second process: slow on a busy machine, not a figure to bound.
  }, 180_000);
  afterAll(async () => {
    await target?.close();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when a grown PGlite installation is moved, PostgreSQL holds the same rows and the app serves its evidence and history', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/modules/backup/backup.cli.ts', 'migrate-to-postgres', '--to', targetUrl], {
      cwd: serverDir,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', INIT_CWD: serverDir },
    });
    expect(stdout).toMatch(/every table compared; 1 evidence files stay/);

    target = await createDatabase({ url: targetUrl, poolSize: 2, onPoolError: () => undefined });
    expect(await digestTables(target.db)).toEqual(before);
    const app = await buildApp({ config: testConfig({ dataDir }), database: target });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'branch', password: 'Demo@2026' } });
      const auth = { authorization: `Bearer ${login.json().accessToken}` };
      expect((await app.inject({ method: 'GET', url: `/api/evidence/${evidenceId}/download`, headers: auth })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  }, 180_000);
});
