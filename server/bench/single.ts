import { get } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One request measured whole: time to the last byte, bytes, and the process's peak RSS while it ran. */
export interface SingleResult {
  ms: number;
  bytes: number;
  status: number;
  peakRssMb: number;
  rssBeforeMb: number;
}

/**
 * Downloads a URL once, sampling this process's resident memory every 20 ms. The server runs in this process, so
 * the peak is what the endpoint made the server hold (plus the bench's own small state), which is what the RSS
 * targets are about. Garbage is collected first when `--expose-gc` is on, so earlier work does not count.
 */
export async function single(url: string, headers: Record<string, string>): Promise<SingleResult> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    const { bytes, status } = await new Promise<{ bytes: number; status: number }>((resolve, reject) => {
      get(url, { headers }, (res) => {
        let total = 0;
        res.on('data', (chunk: Buffer) => (total += chunk.length));
        res.on('end', () => resolve({ bytes: total, status: res.statusCode ?? 0 }));
        res.on('error', reject);
      }).on('error', reject);
    });
    return { ms: Math.round(performance.now() - start), bytes, status, peakRssMb: mb(Math.max(peak, process.memoryUsage().rss)), rssBeforeMb: mb(rssBefore) };
  } finally {
    clearInterval(sampler);
  }
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The median of several runs by time; the peak RSS is the highest seen in any of them. */
export async function medianOf(runs: number, once: () => Promise<SingleResult>): Promise<SingleResult> {
  const results: SingleResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  const sorted = [...results].sort((a, b) => a.ms - b.ms);
  return { ...sorted[Math.floor(sorted.length / 2)], peakRssMb: Math.max(...results.map((r) => r.peakRssMb)) };
}

/** Work done inside this process (a scheduled job, say), timed with the same peak-RSS sampling. */
export async function timedInProcess(work: () => Promise<unknown>): Promise<SingleResult> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    await work();
    return { ms: Math.round(performance.now() - start), bytes: 0, status: 0, peakRssMb: mb(Math.max(peak, process.memoryUsage().rss)), rssBeforeMb: mb(rssBefore) };
  } finally {
    clearInterval(sampler);
  }
}
