import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import type { Database } from '../../db/client.js';
import { createTestApp, testConfig, type TestApp } from '../../test/test-app.js';
import { createTestDatabase } from '../../test/test-db.js';
import { createItem, uploadPdf } from '../items/items.test-helpers.js';
import { createBackup, readManifest, restoreBackup } from './backup.service.js';
import { digestTables } from './backup.tables.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Runs on PGlite, and on PostgreSQL when DATABASE_URL is set (CI runs the server project on both). */
describe('backup and restore', () => {
  let source: TestApp;
  let target: Database;
  let work: string;
  let evidenceIds: number[];
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'rectify-backup-'));
    [source, target] = await Promise.all([createTestApp(), createTestDatabase()]);
    const item = await createItem(source);
    evidenceIds = [];
    for (const name of ['会议记录.pdf', '整改报告.pdf']) evidenceIds.push((await uploadPdf(source, 'branch', item.id, name)).json().evidenceId);
    // The audit log is written after each answer is sent: wait for it, or a late row lands between digest and backup.
    await source.app.audit.settled();
  });
  afterAll(async () => {
    await source.close();
    await target.close();
    await rm(work, { recursive: true, force: true });
  });

  it('when backed up and restored into an empty database, every table and every evidence file comes back the same', async () => {
    const before = await digestTables(source.db);
    const { manifest } = await createBackup({ database: source.database, storage: source.app.storage, outDir: join(work, 'backup') });
    expect(manifest.files.entries).toHaveLength(2);
    expect(manifest.tables.items.rows).toBe(before.items.rows);
    expect(Object.values(manifest.tables).filter((t) => t.rows > 0).length).toBeGreaterThan(10);

    const evidenceDir = join(work, 'restored', 'evidence');
    const restored = await restoreBackup({ database: target, fromDir: join(work, 'backup'), evidenceDir });
    expect(restored.files).toBe(2);
    expect(await digestTables(target.db)).toEqual(before);
    for (const file of manifest.files.entries) {
      expect(sha256(await readFile(join(evidenceDir, ...file.key.split('/'))))).toBe(file.sha256);
    }
  });

  it('when the restored installation is started, it signs in, serves the evidence and keeps numbering where the source stopped', async () => {
    const app = await buildApp({ config: testConfig({ dataDir: join(work, 'restored') }), database: target });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'branch', password: 'Demo@2026' } });
      expect(login.statusCode).toBe(200);
      const auth = { authorization: `Bearer ${login.json().accessToken}` };
      const download = await app.inject({ method: 'GET', url: `/api/evidence/${evidenceIds[0]}/download`, headers: auth });
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const supervisor = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: 'Demo@2026' } });
      const created = await app.inject({
        method: 'POST',
        url: '/api/items',
        headers: { authorization: `Bearer ${supervisor.json().accessToken}` },
        payload: { orgId: source.orgs.police, source: 'review', description: '恢复后新建的事项，编号接着原来的往下排。', deadline: '2026-12-31', type: 'deadline' },
      });
      expect(created.statusCode).toBe(201);
      const [{ max }] = (await source.db.execute<{ max: number }>(sql`SELECT max(id)::int AS max FROM items`)).rows;
      expect(created.json().id).toBe(Number(max) + 1);
    } finally {
      await app.close();
    }
  });

  it('when the target already holds an installation, or the backup is unfinished, restore refuses and changes nothing', async () => {
    await expect(restoreBackup({ database: source.database, fromDir: join(work, 'backup') })).rejects.toThrow(/empty database|migration/);
    await expect(restoreBackup({ database: target, fromDir: work })).rejects.toThrow(/not a finished backup/);
    await expect(createBackup({ database: source.database, storage: source.app.storage, outDir: join(work, 'backup') })).rejects.toThrow(/not empty/);
    expect((await readManifest(join(work, 'backup'))).format).toBe('rectify-backup');
  });
});
