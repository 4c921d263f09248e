import * as nodeFs from 'node:fs/promises';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app.js';
import { DEMO_PASSWORD, seedDemoData } from '../demo/demo.seed.js';
import { createLocalDiskStorage, type StorageFs } from '../lib/storage/local-disk.js';
import { createTestApp, testConfig, type TestApp } from '../test/test-app.js';
import { createTestDatabase } from '../test/test-db.js';
import { multipart, tinyPdf } from '../test/multipart.js';
import { createItem } from '../modules/items/items.test-helpers.js';
import { evidence } from '../modules/evidence/evidence.table.js';
import { items } from '../modules/items/items.table.js';
import type { Database } from '../db/client.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

const historyCount = async (t: { db: TestApp['db'] }, itemId: number) =>
  Number((await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM item_history WHERE item_id = ${itemId}`)).rows[0].n);

/**
 * Faults that need no server restart, so they run in both database tiers: racing writes with one version,
 * a client that goes away mid-upload, and a disk that fills up under an upload.
 */
describe('faults: races and aborted or failing uploads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('when ten edits and transitions race with the same version, exactly one wins and exactly one history row is written', async () => {
    const item = await createItem(t);
    const before = await historyCount(t, item.id);
    const edits = Array.from({ length: 5 }, (_, i) =>
      t.as('supervisor')({ method: 'PATCH', url: `/api/items/${item.id}`, payload: { version: item.version, remarks: `并发修改 ${i}` } }),
    );
    const starts = Array.from({ length: 5 }, () => t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/transitions`, payload: { action: 'start', version: item.version } }));
    const results = await Promise.all([...edits, ...starts]);
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(9);
    for (const r of results.filter((res) => res.statusCode === 409)) expect(r.json().error.code).toBe('items.stale_version');
    const [row] = await t.db.select({ version: items.version }).from(items).where(eq(items.id, item.id));
    expect(row.version).toBe(item.version + 1);
    expect(await historyCount(t, item.id)).toBe(before + 1);
  });

  it('when a client goes away in the middle of an upload over a real socket, no row and no file remain and the server carries on', async () => {
    const item = await createItem(t);
    const token = (await t.login('branch')).accessToken;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const store = join(t.dataDir, 'evidence');
    const filesBefore = await filesUnder(store);
    const boundary = 'rectify-abort';
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `POST /api/items/${item.id}/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 4000000\r\n\r\n`,
    );
    socket.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n${'x'.repeat(512 * 1024)}`);
    // Go away only once the server is really writing the file.
    for (let i = 0; i < 300 && !(await filesUnder(store)).some((name) => name.startsWith('.tmp-')); i++) await sleep(10);
    expect((await filesUnder(store)).some((name) => name.startsWith('.tmp-'))).toBe(true);
    socket.destroy();
    for (let i = 0; i < 300 && (await filesUnder(store)).length !== filesBefore.length; i++) await sleep(10);
    expect(await filesUnder(store)).toEqual(filesBefore);
    expect(await t.db.select().from(evidence).where(eq(evidence.itemId, item.id))).toEqual([]);
    expect(await historyCount(t, item.id)).toBe(1);
    const after = await fetch(`http://127.0.0.1:${port}/api/items/${item.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(200);
  });
});

describe('faults: the evidence disk is full', () => {
  let app: App;
  let database: Database;
  let root: string;
  let failAt: 'write' | 'sync' | 'rename' = 'write';
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', errno: -28 });
  // The real file system, except that writing, syncing or renaming an upload fails the way a full disk does.
  const fullDisk: StorageFs = {
    ...nodeFs,
    async rename(from, to) {
      if (failAt === 'rename') throw enospc();
      return nodeFs.rename(from, to);
    },
    async open(file, flags, mode) {
      const handle = await nodeFs.open(file, flags, mode);
      if (flags !== 'wx') return handle;
      let written = 0;
      return {
        // The first bytes land; the disk is full from 64 KiB on.
        write: async (buffer, offset, length) => {
          if (failAt === 'write' && (written += length) > 64 * 1024) throw enospc();
          return handle.write(buffer, offset, length);
        },
        sync: async () => {
          if (failAt === 'sync') throw enospc();
          return handle.sync();
        },
        close: () => handle.close(),
        createReadStream: () => handle.createReadStream(),
      };
    },
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    root = await mkdtemp(join(tmpdir(), 'rectify-full-'));
    app = await buildApp({ config: testConfig({ dataDir: root }), database, storage: createLocalDiskStorage({ root: join(root, 'evidence'), fs: fullDisk }) });
    await app.ready();
    await seedDemoData({ db: database.db });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    await rm(root, { recursive: true, force: true });
  });

  const tokenOf = async (username: string) => (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } })).json().accessToken as string;

  it.each(['write', 'sync', 'rename'] as const)('when the disk fills up at %s, the upload answers 507 evidence.storage_full and nothing is written', async (stage) => {
    failAt = stage;
    const supervisor = await tokenOf('supervisor');
    const police = (await app.inject({ method: 'GET', url: '/api/orgs?q=公安局党委', headers: { authorization: `Bearer ${supervisor}` } })).json().items[0].id;
    const created = await app.inject({
      method: 'POST',
      url: '/api/items',
      headers: { authorization: `Bearer ${supervisor}` },
      payload: { orgId: police, source: 'review', description: '磁盘已满时的上传', deadline: '2026-12-31', type: 'deadline' },
    });
    const item = created.json();
    const form = multipart([{ name: 'file', file: { filename: '会议记录.pdf', content: Buffer.concat([tinyPdf(), Buffer.alloc(256 * 1024, 0x20)]) } }]);
    const res = await app.inject({ method: 'POST', url: `/api/items/${item.id}/evidence`, ...form, headers: { ...form.headers, authorization: `Bearer ${await tokenOf('branch')}` } });
    expect(res.statusCode).toBe(507);
    expect(res.json()).toEqual({ error: { code: 'evidence.storage_full', message: '服务器存储空间不足，文件未保存，请联系管理员' } });
    expect(await database.db.select().from(evidence).where(eq(evidence.itemId, item.id))).toEqual([]);
    const [row] = await database.db.select({ version: items.version, evidenceCount: items.evidenceCount }).from(items).where(eq(items.id, item.id));
    expect(row).toEqual({ version: item.version, evidenceCount: 0 });
    expect(await historyCount({ db: database.db }, item.id)).toBe(1);
    expect(await filesUnder(join(root, 'evidence'))).toEqual([]);
  });
});
