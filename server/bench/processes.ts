import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../build.js';

/** A server started in a process of its own, listening on `url`, until `stop()`. */
export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

let built: Promise<void> | undefined;
/** The bench's servers built once per run, as `pnpm start` builds the server (build.ts), into bench/dist/. */
const buildOnce = () =>
  (built ??= buildServer({
    entryPoints: { serve: fileURLToPath(new URL('./serve.ts', import.meta.url)), 'baseline-serve': fileURLToPath(new URL('./baseline-serve.ts', import.meta.url)) },
    outdir: fileURLToPath(new URL('./dist', import.meta.url)),
  }));

/**
 * Starts `bench/<script>`, built and run on plain Node as a deployment runs the server, and waits for its
 * `{"port":…}` line. The API and the baseline each run alone in their own process, apart from the load generator:
 * sharing an event loop with autocannon would charge the server for the load generator's work.
 */
export async function startProcess(script: 'serve' | 'baseline-serve', env: Record<string, string>): Promise<ServerProcess> {
  await buildOnce();
  const child: ChildProcess = spawn(process.execPath, [fileURLToPath(new URL(`./dist/${script}.js`, import.meta.url))], {
    // As README recommends for a Linux server: glibc's per-thread malloc arenas otherwise keep the memory sharp's
    // worker threads freed after rasterising the report's charts (tens of MB per report).
    env: { MALLOC_ARENA_MAX: '2', ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /\{"port":(\d+)\}/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`bench/${script}.ts exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** A line of /proc/<pid>/status in MB (VmRSS now, VmHWM the peak since the process started). */
export function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Math.round(Number(line?.replace(/\D/g, '') ?? 0) / 1024);
}

const TICK_MS = 10;

/** CPU time (user + system) a process has used, in ms. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/**
 * CPU time of every PostgreSQL process on this machine, per process, in ms (empty where the server is elsewhere).
 * Compare two snapshots with `cpuSince`: a backend that ends in between (an idle pool connection closing) would
 * otherwise make a plain total go backwards.
 */
export function postgresCpu(): Map<number, number> {
  const snapshot = new Map<number, number>();
  let pids: number[] = [];
  try {
    pids = execFileSync('ps', ['-C', 'postgres', '-o', 'pid='], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return snapshot;
  }
  for (const pid of pids) {
    try {
      snapshot.set(pid, cpuMs(pid));
    } catch {
      // a backend that ended meanwhile
    }
  }
  return snapshot;
}

/** CPU ms the PostgreSQL processes used between two snapshots (new backends count whole). */
export function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
