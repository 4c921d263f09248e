import { get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { procMb, startProcess } from './processes.js';

/** One request measured whole: time to the last byte, bytes, and the process's peak RSS while it ran. */
export interface SingleResult {
  ms: number;
  bytes: number;
  status: number;
  peakRssMb: number;
  rssBeforeMb: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Runs `work` while sampling this process's resident memory every 20 ms, after collecting garbage when
 * `--expose-gc` is on (so earlier work does not count): its time, and the RSS before and at the peak.
 */
export async function sampled<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; rssBeforeMb: number; peakRssMb: number }> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    const value = await work();
    return { value, ms: Math.round(performance.now() - start), rssBeforeMb: mb(rssBefore), peakRssMb: mb(Math.max(peak, process.memoryUsage().rss)) };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Downloads a URL once, with the peak RSS of this process while it ran (bench/serve.ts measures the server alone
 * instead, see `inOwnProcess`).
 */
export async function single(url: string, headers: Record<string, string>): Promise<SingleResult> {
  const { value, ...measured } = await sampled(
    () =>
      new Promise<{ bytes: number; status: number }>((resolve, reject) => {
        get(url, { headers }, (res) => {
          let total = 0;
          res.on('data', (chunk: Buffer) => (total += chunk.length));
          res.on('end', () => resolve({ bytes: total, status: res.statusCode ?? 0 }));
          res.on('error', reject);
        }).on('error', reject);
      }),
  );
  return { ...measured, ...value };
}


/** The median of several runs by time; the peak RSS is the highest seen in any of them. */
export async function medianOf(runs: number, once: () => Promise<SingleResult>): Promise<SingleResult> {
  const results: SingleResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  const sorted = [...results].sort((a, b) => a.ms - b.ms);
  return { ...sorted[Math.floor(sorted.length / 2)], peakRssMb: Math.max(...results.map((r) => r.peakRssMb)) };
}

/** Work done inside this process (a scheduled job, say), timed with the same peak-RSS sampling. */
export async function timedInProcess(work: () => Promise<unknown>): Promise<SingleResult> {
  const { ms, rssBeforeMb, peakRssMb } = await sampled(work);
  return { ms, bytes: 0, status: 0, rssBeforeMb, peakRssMb };
}

/**
 * Runs `work` against a fresh API process (bench/serve.ts) serving nothing else, and reports that process's peak
 * RSS: what the server needed for this request, apart from the load generator and the baseline of this process.
 */
export async function inOwnProcess(databaseUrl: string, today: string, work: (url: string) => Promise<SingleResult>): Promise<SingleResult> {
  const server = await startProcess('serve', { DATABASE_URL: databaseUrl, BENCH_TODAY: today });
  try {
    const rssBeforeMb = procMb(server.pid, 'VmRSS');
    const result = await work(server.url);
    return { ...result, rssBeforeMb, peakRssMb: procMb(server.pid, 'VmHWM') };
  } finally {
    await server.stop();
  }
}
