import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Requests completed in all rounds together. */
  requests: number;
  /** CPU time per request of the server's process and of PostgreSQL, in ms, where measured. */
  cpu?: { serverMs: number; pgMs?: number };
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  /** Builds each request's path and body; called once per request (for writes that must not repeat). */
  request?: () => { path: string; body?: string };
}

function once({ url, connections, seconds, headers = {}, method = 'GET', request }: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        method,
        headers: { ...headers, ...(request ? { 'content-type': 'application/json' } : {}) },
        requests: request ? [{ setupRequest: (req) => ({ ...req, ...request() }) }] : undefined,
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          requests: result.requests.total,
        });
      },
    );
  });
}

/**
 * The same load for `seconds`, not counted, in rounds of two seconds; returns each round's rate. A load that spends
 * what it acts on (a step changes an item once) passes `remaining`, how many requests its pool still serves, and
 * `reserveSeconds`, how long the measurement after it runs: no round starts that could leave the measurement short,
 * at the last round's rate with half again to spare.
 */
export async function warmUp(options: LoadOptions & { remaining?: () => number; reserveSeconds?: number }): Promise<number[]> {
  const { remaining, reserveSeconds = 0 } = options;
  const rates: number[] = [];
  for (let elapsed = 0; elapsed < options.seconds; elapsed += 2) {
    const rate = rates.at(-1) ?? 0;
    if (remaining && remaining() < rate * (2 + reserveSeconds) * 1.5) break;
    const round = await once({ ...options, seconds: Math.min(2, options.seconds - elapsed) });
    rates.push(Math.round(round.requestsPerSecond));
  }
  return rates;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Several rounds, each figure the median of the rounds (this machine is shared and noisy). */
export async function measure(options: LoadOptions & { rounds: number }): Promise<LoadResult> {
  const runs: LoadResult[] = [];
  for (let i = 0; i < options.rounds; i++) runs.push(await once(options));
  return {
    requestsPerSecond: Math.round(median(runs.map((r) => r.requestsPerSecond))),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    requests: runs.reduce((n, r) => n + r.requests, 0),
  };
}
