import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../db/client.js';
import { fixedClock } from '../lib/clock.js';
import { createJobs } from '../modules/jobs/jobs.definitions.js';
import { createScheduler } from '../modules/jobs/jobs.scheduler.js';
import { createSettingsStore } from '../modules/settings/settings.service.js';
import { SESSION_CACHE_TTL_MS } from '../plugins/session-cache.js';
import { freshServerDatabase, startChildServer, type ChildServer } from '../security/child-server.js';
import { multipart, tinyPdf } from '../test/multipart.js';
import { nginxAvailable, startNginx } from '../test/nginx.js';
import { startSwiftS3, swiftAvailable, type SwiftS3 } from '../test/swift-s3.js';

/**
 * The multi-instance tier (docs/operations.md, 多实例部署): two API processes, built as `pnpm start` builds them, on one
 * PostgreSQL database and one S3 bucket (OpenStack Swift), behind nginx round-robin; the closure loop walked through
 * nginx so that consecutive requests land on alternate instances. PostgreSQL only: PGlite is one process's database.
 */
const serverUrl = process.env.DATABASE_URL;
const runnable = Boolean(serverUrl) && nginxAvailable() && swiftAvailable();
const password = 'Demo@2026';
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe.skipIf(!runnable)('two API instances behind nginx on one PostgreSQL and one bucket', () => {
  let db: Awaited<ReturnType<typeof freshServerDatabase>>;
  let swift: SwiftS3;
  const instances: ChildServer[] = [];
  let lb: Awaited<ReturnType<typeof startNginx>>;
  const dataDirs: string[] = [];
  /** Which instance (its port) served each request through nginx, in order. */
  const servedBy: string[] = [];

  async function call(path: string, { token, method = 'GET', body, headers = {} }: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const init: RequestInit = { method, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } };
    if (body instanceof Buffer) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await fetch(`${lb.url}${path}`, init);
    const upstream = res.headers.get('x-upstream') ?? '';
    servedBy.push(upstream);
    return { status: res.status, upstream, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }
  const json = (r: { bytes: Buffer }) => JSON.parse(r.bytes.toString()) as Record<string, any>;
  async function signIn(username: string) {
    const r = await call('/api/auth/login', { method: 'POST', body: { username, password } });
    expect(r.status).toBe(200);
    return json(r) as { accessToken: string; user: { id: number; orgId: number } };
  }

  beforeAll(async () => {
    [db, swift] = await Promise.all([freshServerDatabase(serverUrl!, 'rectify_cluster'), startSwiftS3('rectify-cluster')]);
    const env = { ...swift.env, SCHEDULER: 'true' };
    // Both start at once on the empty database: they take turns to migrate and seed (db/startup-lock.ts).
    for (const _ of [1, 2]) dataDirs.push(mkdtempSync(join(tmpdir(), 'rectify-instance-')));
    instances.push(...(await Promise.all(dataDirs.map((dataDir) => startChildServer({ dataDir, databaseUrl: db.url, env })))));
    lb = await startNginx(instances.map((i) => `127.0.0.1:${i.port}`));
  }, 240_000);

  afterAll(async () => {
    await lb?.stop();
    await Promise.all(instances.map((i) => i.stop()));
    await swift?.stop();
    await db?.drop();
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('when both instances started at once on an empty database, the demo committee was seeded once', async () => {
    const admin = await signIn('admin');
    const users = json(await call('/api/users?pageSize=100&q=supervisor', { token: admin.accessToken }));
    expect(users.items.filter((u: { username: string }) => u.username === 'supervisor')).toHaveLength(1);
    const seededLines = instances.map((i) => i.lines.filter((l) => l.includes('demo data created')).length);
    expect(seededLines.sort()).toEqual([0, 1]);
  });

  it('when the closure loop is walked through nginx, each step lands on the other instance and sees the last one’s work', async () => {
    const supervisor = await signIn('supervisor');
    const branch = await signIn('branch');

    const created = await call('/api/items', {
      token: supervisor.accessToken,
      method: 'POST',
      body: { orgId: branch.user.orgId, source: 'review', description: '两实例测试：理论学习不够系统。', deadline: '2026-12-31', type: 'deadline' },
    });
    expect(created.status).toBe(201);
    const item = json(created);

    // Evidence uploaded through one instance downloads, whole and by range, through the other.
    const pdf = tinyPdf('两个实例');
    const form = multipart([{ name: 'file', file: { filename: '会议记录.pdf', content: pdf, contentType: 'application/pdf' } }]);
    const uploaded = await call(`/api/items/${item.id}/evidence`, { token: branch.accessToken, method: 'POST', body: form.payload, headers: form.headers as Record<string, string> });
    expect(uploaded.status).toBe(201);
    const evidenceId = json(uploaded).evidenceId;
    const downloaded = await call(`/api/evidence/${evidenceId}/download`, { token: supervisor.accessToken });
    expect(downloaded.status).toBe(200);
    expect(sha256(downloaded.bytes)).toBe(sha256(pdf));
    expect(downloaded.upstream).not.toBe(uploaded.upstream);
    const ranged = await call(`/api/evidence/${evidenceId}/download`, { token: branch.accessToken, headers: { range: 'bytes=0-7' } });
    expect(ranged.status).toBe(206);
    expect(ranged.bytes.equals(pdf.subarray(0, 8))).toBe(true);

    // A 督办单 issued on one instance is replied to on the other, and the reply is read back on the first.
    const notice = await call('/api/notices', {
      token: supervisor.accessToken,
      method: 'POST',
      body: { itemIds: [item.id], level: 'yellow', requirements: '请于期限内报告整改进展。', replyDeadline: '2026-12-20' },
    });
    expect(notice.status).toBe(201);
    const noticeId = json(notice).id;
    const reply = await call(`/api/notices/${noticeId}/reply`, { token: branch.accessToken, method: 'POST', body: { content: '已召开专题会议，整改进行中。' } });
    expect(reply.status).toBeLessThan(300);
    const read = await call(`/api/notices/${noticeId}`, { token: supervisor.accessToken });
    expect(read.status).toBe(200);
    expect(JSON.stringify(json(read))).toContain('已召开专题会议');
    expect(new Set([notice.upstream, reply.upstream, read.upstream]).size).toBe(2);

    // Round-robin: no two consecutive requests were served by the same instance, and both took part.
    expect(new Set(servedBy).size).toBe(2);
    for (let i = 1; i < servedBy.length; i++) expect(servedBy[i]).not.toBe(servedBy[i - 1]);
  });

  it('when both instances run the scheduler, each job runs once per period', async () => {
    const admin = await signIn('admin');
    const runs = json(await call('/api/job-runs?pageSize=100', { token: admin.accessToken })).items as Array<{ job: string; period: string }>;
    expect(runs.length).toBeGreaterThan(0);
    expect(new Set(runs.map((r) => `${r.job}/${r.period}`)).size).toBe(runs.length);

    // The same claim under a real race: two schedulers on two connection pools tick a new period at the same moment.
    const pools: Database[] = await Promise.all([1, 2].map(() => createDatabase({ url: db.url, poolSize: 2 })));
    try {
      const clock = fixedClock('2027-03-01T02:00:00Z');
      const ticks = await Promise.all(
        pools.map((p) => createScheduler({ db: p.db, clock, timeZone: 'Asia/Shanghai', jobs: createJobs({ settings: createSettingsStore({ db: p.db }), timeZone: 'Asia/Shanghai' }) }).tick()),
      );
      const outcomes = ticks.flat();
      const due = new Set(outcomes.filter((o) => o.period).map((o) => o.job));
      expect(due.size).toBeGreaterThan(0);
      for (const job of due) expect(outcomes.filter((o) => o.job === job && o.ran).length, job).toBe(1);
      expect(ticks.flat().filter((o) => o.error)).toEqual([]);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });

  it(`when a user is disabled on one instance, every instance refuses the user's token within ${SESSION_CACHE_TTL_MS / 1000} s and sign-in at once`, async () => {
    const admin = await signIn('admin');
    const victim = await signIn('branch2');
    // Both instances have the user's session in their cache before the change.
    for (const i of instances) expect((await fetch(`${i.url}/api/auth/me`, { headers: { authorization: `Bearer ${victim.accessToken}` } })).status).toBe(200);

    const disabled = await call(`/api/users/${victim.user.id}`, { token: admin.accessToken, method: 'PATCH', body: { disabled: true } });
    expect(disabled.status).toBe(200);
    const disabledAt = Date.now();

    for (const i of instances) {
      let status = 200;
      while (status === 200 && Date.now() - disabledAt < SESSION_CACHE_TTL_MS + 1000) {
        status = (await fetch(`${i.url}/api/auth/me`, { headers: { authorization: `Bearer ${victim.accessToken}` } })).status;
        if (status === 200) await sleep(100);
      }
      expect(status, `instance on port ${i.port}`).toBe(401);
    }
    for (const _ of instances) expect((await call('/api/auth/login', { method: 'POST', body: { username: 'branch2', password } })).status).toBe(401);
  });
});
