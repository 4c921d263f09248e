import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../demo/demo.seed.js';
import { tinyPdf } from '../test/multipart.js';
import { freshServerDatabase, startChildServer, type ChildServer } from './child-server.js';

/**
 * SIGKILL of the real server process in the middle of uploads. After a restart whose start-up sweep may touch
 * everything (EVIDENCE_SWEEP_MIN_AGE_SECONDS=0), no row points at a missing file, no file lacks a row, no temp
 * file remains, and every upload the server acknowledged is there, byte for byte. Fault tier: PostgreSQL server.
 */
const enabled = process.env.FAULT_TESTS === '1' && !!process.env.DATABASE_URL;

async function storeFiles(root: string) {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
}

/** A multipart upload sent slowly in pieces, so that many are in flight at once; resolves with the answer or the error. */
function slowUpload({ server, token, itemId, content }: { server: ChildServer; token: string; itemId: number; content: Buffer }) {
  const boundary = `kill${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="证明材料.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const body = Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
    const req = request(`${server.url}/api/items/${itemId}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', (err) => resolve({ error: err.message }));
    });
    req.on('error', (err) => resolve({ error: err.message }));
    void (async () => {
      for (let offset = 0; offset < body.length && !req.destroyed; offset += 32 * 1024) {
        req.write(body.subarray(offset, offset + 32 * 1024));
        await sleep(2 + Math.random() * 8);
      }
      req.end();
    })();
  });
}

describe.skipIf(!enabled)('the API process killed with SIGKILL in the middle of uploads', () => {
  let dataDir: string;
  let database: Awaited<ReturnType<typeof freshServerDatabase>>;
  let server: ChildServer | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rectify-kill-'));
    database = await freshServerDatabase(process.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await server?.kill();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('after a restart and its sweep, rows and files match exactly and every acknowledged upload is intact', async () => {
    server = await startChildServer({ dataDir, databaseUrl: database.url });
    const login = async (username: string) =>
      (await (await fetch(`${server!.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) })).json()).accessToken as string;
    const [supervisor, branch] = [await login('supervisor'), await login('branch')];
    const orgs = await (await fetch(`${server.url}/api/orgs?q=公安局党委`, { headers: { authorization: `Bearer ${supervisor}` } })).json();
    const itemIds: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.url}/api/items`, {
        method: 'POST',
        headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
        body: JSON.stringify({ orgId: orgs.items[0].id, source: 'review', description: `上传中断测试 ${i}`, deadline: '2026-12-31', type: 'deadline' }),
      });
      itemIds.push((await res.json()).id);
    }

    // Each upload is a distinct PDF, so its hash identifies it among the survivors.
    const pdf = (n: number) => Buffer.concat([tinyPdf(`upload ${n}`), Buffer.alloc(256 * 1024 + n * 1024, 0x20)]);
    const acknowledged: Array<{ evidenceId: number; sha256: string }> = [];
    const record = (n: number) => (result: { status: number; body: string } | { error: string }) => {
      if ('status' in result && result.status === 201) acknowledged.push({ evidenceId: JSON.parse(result.body).evidenceId, sha256: createHash('sha256').update(pdf(n)).digest('hex') });
    };
    for (let n = 0; n < 4; n++) record(n)(await slowUpload({ server, token: branch, itemId: itemIds[n % 3], content: pdf(n) }));
    expect(acknowledged).toHaveLength(4);

    // Staggered, so that at the kill some have finished, some are being written and some are between file and row.
    const inFlight = Array.from({ length: 24 }, async (_, i) => {
      await sleep(i * 25);
      return slowUpload({ server: server!, token: branch, itemId: itemIds[i % 3], content: pdf(10 + i) }).then(record(10 + i));
    });
    const store = join(dataDir, 'evidence');
    for (let i = 0; i < 500 && acknowledged.length < 6; i++) await sleep(5);
    await server.kill();
    await Promise.all(inFlight);
    const leftBehind = await storeFiles(store);

    server = await startChildServer({ dataDir, databaseUrl: database.url, env: { EVIDENCE_SWEEP_MIN_AGE_SECONDS: '0' } });
    for (let i = 0; i < 200 && !server.lines.some((l) => l.includes('"evidence sweep"')); i++) await sleep(50);
    const sweep = server.lines.map((l) => JSON.parse(l.startsWith('{') ? l : '{}')).find((e) => e.msg === 'evidence sweep');
    expect(sweep, 'the start-up sweep ran').toBeDefined();

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = (await client.query('SELECT id, item_id, storage_key, thumbnail_key, sha256 FROM evidence')).rows;
      const referenced = rows.flatMap((r) => [r.storage_key, r.thumbnail_key].filter(Boolean)).sort();
      const files = await storeFiles(store);
      expect(files.filter((f) => f.includes('.tmp-')), 'temp files after the sweep').toEqual([]);
      expect(files.sort(), 'files on disk are exactly the files rows point at').toEqual(referenced);
      for (const row of rows) {
        const bytes = await readFile(join(store, row.storage_key));
        expect(createHash('sha256').update(bytes).digest('hex'), `evidence ${row.id} is whole`).toBe(row.sha256);
      }
      for (const ack of acknowledged) expect(rows.find((r) => Number(r.id) === ack.evidenceId)?.sha256, `acknowledged upload ${ack.evidenceId}`).toBe(ack.sha256);
      // Nothing half-done: each item's evidence count, its rows and its history agree.
      for (const itemId of itemIds) {
        const [{ evidence_count: count }] = (await client.query('SELECT evidence_count FROM items WHERE id = $1', [itemId])).rows;
        const live = rows.filter((r) => Number(r.item_id) === itemId).length;
        const [{ n }] = (await client.query("SELECT count(*)::int AS n FROM item_history WHERE item_id = $1 AND action = 'evidence_added'", [itemId])).rows;
        expect([count, n], `item ${itemId}`).toEqual([live, live]);
      }
      console.info(`kill during uploads: ${acknowledged.length} acknowledged, ${rows.length} rows, ${leftBehind.length} files left at the kill, sweep ${JSON.stringify({ removedTemp: sweep.removedTemp, removedOrphans: sweep.removedOrphans })}`);
    } finally {
      await client.end();
    }

    const fresh = await login('branch');
    const first = acknowledged[0];
    const download = await fetch(`${server.url}/api/evidence/${first.evidenceId}/download`, { headers: { authorization: `Bearer ${fresh}` } });
    expect(download.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await download.arrayBuffer())).digest('hex')).toBe(first.sha256);
  });
});
