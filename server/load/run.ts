/**
 * Load and soak against the real server: `src/server.ts` started as a child process on 127.0.0.1 with its own
 * DATA_DIR and a fresh database (a new one on the PostgreSQL server of DATABASE_URL, else PGlite), seeded through
 * the API, then driven by autocannon with mixed reads and writes. Bounded in time; it stops everything itself.
 *
 *   pnpm --filter @rectify/server load                       # 50 connections, 60 s
 *   pnpm --filter @rectify/server load -- --soak             # 20 connections, 10 min, memory and handles over time
 *   options: --seconds N --connections N --soak-minutes N
 *
 * Writes server/load/results/<time>-<mode>-<driver>.json and exits 1 when any request failed.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freshServerDatabase, startChildServer, type ChildServer } from '../src/security/child-server.js';

const { values: args } = parseArgs({
  // pnpm passes its `--` separator through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    soak: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    'soak-minutes': { type: 'string', default: '10' },
  },
});
const soak = args.soak!;
const seconds = Number(args.seconds ?? (soak ? Number(args['soak-minutes']) * 60 : 60));
const connections = Number(args.connections ?? (soak ? 20 : 50));
// One in five connections writes; the rest read.
const writeConnections = Math.max(1, Math.round(connections / 5));
const readConnections = connections - writeConnections;
const password = 'Demo@2026';

interface Sample {
  atSeconds: number;
  rssMiB: number;
  openFds: number;
}

/** The child's resident memory and open file descriptors (sockets, files), read from /proc. */
async function sample(pid: number, startedAt: number): Promise<Sample> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
  return { atSeconds: Math.round((Date.now() - startedAt) / 1000), rssMiB: Math.round(rssKiB / 102.4) / 10, openFds: fds.length };
}

async function api<T>(server: ChildServer, path: string, { token, body, method }: { token?: string; body?: unknown; method?: string } = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** The demo tree, and items enough that lists page and filters have work to do. */
async function seed(server: ChildServer) {
  const login = async (username: string) => (await api<{ accessToken: string }>(server, '/api/auth/login', { body: { username, password } })).accessToken;
  const tokens = { supervisor: await login('supervisor'), branch: await login('branch'), branch2: await login('branch2'), viewer: await login('viewer') };
  const { items: orgs } = await api<{ items: Array<{ id: number; name: string; parentId: number | null }> }>(server, '/api/orgs', { token: tokens.supervisor });
  const police = orgs.find((o) => o.name.includes('公安局党委'))!.id;
  const targets = orgs.filter((o) => o.parentId !== null).map((o) => o.id);
  const policeItems: number[] = [];
  for (let i = 0; i < 240; i++) {
    const orgId = i % 2 === 0 ? police : targets[i % targets.length];
    const item = await api<{ id: number; orgId: number }>(server, '/api/items', {
      token: tokens.supervisor,
      body: {
        orgId,
        source: 'review',
        description: `第${i}号问题：理论学习不够系统，三会一课记录不规范，学用结合不紧密。`,
        measures: [{ content: '每月集中学习一次，建立台账' }],
        deadline: `2026-${String((i % 12) + 1).padStart(2, '0')}-28`,
        type: 'deadline',
      },
    });
    if (item.orgId === police) policeItems.push(item.id);
  }
  return { tokens, police, policeItems };
}

type Request = { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };

function run(server: ChildServer, { connections: conns, next, title }: { connections: number; next: () => Request; title: string }) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { title, url: server.url, connections: conns, duration: seconds, requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }] },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('error', reject);
  });
}

const summary = (r: autocannon.Result) => ({
  requests: r.requests.total,
  requestsPerSecond: Math.round(r.requests.average),
  latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
  errors: r.errors,
  timeouts: r.timeouts,
  non2xx: r.non2xx,
});

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'rectify-load-'));
  const database = process.env.DATABASE_URL ? await freshServerDatabase(process.env.DATABASE_URL, 'rectify_load') : undefined;
  let server: ChildServer | undefined;
  try {
    // warn: request lines would cost the server CPU and pile up in this process; the timings are the app's own.
    server = await startChildServer({ dataDir, databaseUrl: database?.url, env: { LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL: String(seconds + 3600) } });
    const { tokens, police, policeItems } = await seed(server);
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const readers = [tokens.supervisor, tokens.branch, tokens.viewer, tokens.branch2];
    let r = 0;
    const reads: Array<() => Request> = [
      () => ({ method: 'GET', path: `/api/items?page=${(r % 5) + 1}&pageSize=20`, headers: {} }),
      () => ({ method: 'GET', path: `/api/items/${policeItems[r % policeItems.length]}`, headers: {} }),
      () => ({ method: 'GET', path: '/api/items?q=%E5%AD%A6%E4%B9%A0&sort=deadline', headers: {} }),
      () => ({ method: 'GET', path: '/api/items?light=red,yellow&status=issued,in_progress', headers: {} }),
      () => ({ method: 'GET', path: '/api/orgs', headers: {} }),
      () => ({ method: 'GET', path: '/api/auth/me', headers: {} }),
      () => ({ method: 'GET', path: '/api/dashboard', headers: {} }),
    ];
    const nextRead = (): Request => {
      const request = reads[r % reads.length]();
      const token = request.path.startsWith('/api/items/') ? (r % 2 ? tokens.supervisor : tokens.branch) : readers[r % readers.length];
      r++;
      return { ...request, headers: auth(token) };
    };
    // Writes never collide: progress goes round the organization's items, and new items get fresh codes.
    let w = 0;
    const nextWrite = (): Request => {
      const n = w++;
      if (n % 2 === 0) {
        const item = policeItems[(n / 2) % policeItems.length];
        return { method: 'POST', path: `/api/items/${item}/progress`, headers: { ...auth(tokens.branch), 'content-type': 'application/json' }, body: JSON.stringify({ content: `第${n}次整改进展：已召开专题会议。`, percent: n % 100 }) };
      }
      return {
        method: 'POST',
        path: '/api/items',
        headers: { ...auth(tokens.supervisor), 'content-type': 'application/json' },
        body: JSON.stringify({ orgId: police, source: 'review', description: `负载测试新增问题 ${n}`, deadline: '2026-12-31', type: 'deadline' }),
      };
    };

    // One request at a time first: what each read costs on its own, to read the loaded figures against.
    const single: Record<string, { medianMs: number; maxMs: number }> = {};
    for (const [i, make] of reads.entries()) {
      const { path } = make();
      const times: number[] = [];
      for (let k = 0; k < 20; k++) {
        const started = performance.now();
        const res = await fetch(`${server.url}${path}`, { headers: auth(tokens.supervisor) });
        await res.arrayBuffer();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      single[`${i}: GET ${path}`] = { medianMs: Math.round(times[10] * 10) / 10, maxMs: Math.round(times[19] * 10) / 10 };
    }
    const loadAverageBefore = loadavg().map((n) => Math.round(n * 100) / 100);
    const startedAt = Date.now();
    const samples: Sample[] = [await sample(server.process.pid!, startedAt)];
    const timer = setInterval(() => void sample(server!.process.pid!, startedAt).then((s) => samples.push(s), () => undefined), soak ? 30_000 : 5_000);
    console.log(`${soak ? 'soak' : 'load'}: ${connections} connections (${readConnections} reading, ${writeConnections} writing) for ${seconds} s against ${database ? 'PostgreSQL' : 'PGlite'}…`);
    const [readResult, writeResult] = await Promise.all([
      run(server, { title: 'reads', connections: readConnections, next: nextRead }),
      run(server, { title: 'writes', connections: writeConnections, next: nextWrite }),
    ]);
    clearInterval(timer);
    samples.push(await sample(server.process.pid!, startedAt));

    const result = {
      mode: soak ? 'soak' : 'load',
      driver: database ? 'postgres' : 'pglite',
      at: new Date().toISOString(),
      seconds,
      connections: { total: connections, reads: readConnections, writes: writeConnections },
      // The machine is shared: its load average says how much of it the run had.
      machine: { cpus: cpus().length, node: process.version, loadAverageBefore, loadAverageAfter: loadavg().map((n) => Math.round(n * 100) / 100) },
      singleRequestLatency: single,
      reads: summary(readResult),
      writes: summary(writeResult),
      memoryAndHandles: samples,
    };
    const failed = [readResult, writeResult].reduce((n, x) => n + x.errors + x.timeouts + x.non2xx, 0);
    const dir = new URL('./results/', import.meta.url);
    await mkdir(dir, { recursive: true });
    const file = new URL(`${result.at.replace(/[:.]/g, '-')}-${result.mode}-${result.driver}.json`, dir);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify({ single, reads: result.reads, writes: result.writes, firstSample: samples[0], lastSample: samples.at(-1) }, null, 2));
    console.log(`results: ${file.pathname}`);
    if (failed > 0) {
      console.error(`${failed} requests failed`);
      process.exitCode = 1;
    }
  } finally {
    await server?.stop();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
