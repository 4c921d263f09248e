import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { buildServer } from '../../build.js';

/** The server package, where `src/server.ts` lives. */
export const serverDir = fileURLToPath(new URL('../..', import.meta.url));

let built: Promise<string> | undefined;
/**
 * The server built as `pnpm start` builds it (build.ts), once per test process, into a folder of its own inside the
 * server package (where its packages resolve), so that test files building at once never share one.
 */
export function builtServer(): Promise<string> {
  built ??= (async () => {
    const outdir = join(serverDir, 'node_modules', '.cache', `rectify-server-${process.pid}-${randomBytes(4).toString('hex')}`);
    await buildServer({ entryPoints: { server: join(serverDir, 'src', 'server.ts') }, outdir });
    process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
    return join(outdir, 'server.js');
  })();
  return built;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A new, empty database on the PostgreSQL server of `serverUrl`; the server under test migrates it itself. */
export async function freshServerDatabase(serverUrl: string, prefix = 'rectify_child') {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export interface ChildServer {
  port: number;
  url: string;
  process: ChildProcess;
  /** stdout and stderr lines so far (JSON log lines from pino). */
  lines: string[];
  /** SIGTERM: a graceful stop that finishes requests in flight. */
  stop(): Promise<void>;
  /** SIGKILL: nothing gets to finish. */
  kill(): Promise<void>;
}

/**
 * The real server, built and run on plain Node as `pnpm start` runs it, as a child process on 127.0.0.1 with its own
 * DATA_DIR and either the given PostgreSQL database or PGlite under DATA_DIR. Resolves once `/api/health` answers 200.
 */
export async function startChildServer({
  dataDir,
  databaseUrl,
  env = {},
  port,
  startTimeoutMs = 90_000,
}: {
  dataDir: string;
  databaseUrl?: string;
  env?: Record<string, string>;
  port?: number;
  startTimeoutMs?: number;
}): Promise<ChildServer> {
  const listenPort = port ?? (await freePort());
  const child = spawn(process.execPath, [await builtServer()], {
    cwd: serverDir,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(listenPort),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl ?? '',
      JWT_SECRET: 'child-server-secret-0123456789-0123456789-abcdef',
      DEMO_DATA: 'true',
      LOG_LEVEL: 'info',
      WEB_DIST_DIR: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${listenPort}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited during start-up:\n${lines.slice(-30).join('\n')}`);
    const healthy = await fetch(`${url}/api/health`).then((r) => r.status === 200, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy:\n${lines.slice(-30).join('\n')}`);
    }
    await sleep(200);
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { port: listenPort, url, process: child, lines, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
