import { AppError } from './app-error.js';

/**
 * At most `concurrency` heavy jobs (imports, exports, .xlsx/.docx documents) at once per process, `queue` more
 * waiting their turn in arrival order, and `common.busy` (503 with Retry-After) for any beyond that. Each such job
 * holds tens of megabytes while it runs, so twenty-four at once took the process past its heap; the bound keeps the
 * peak at a few jobs' worth and leaves the event loop free for everything else.
 *
 * A counted semaphore with a bounded queue rather than p-limit or p-queue: neither refuses work when its queue is
 * full, and a streamed export holds its slot after its handler has returned, until the last byte is sent, which a
 * function-wrapping limiter cannot express. Both needs take a few lines here.
 */
export interface HeavyJobs {
  /** Runs `job` once a slot is free; the slot is given back however the job ends. */
  run<T>(job: () => Promise<T>): Promise<T>;
  /** A slot held until the returned `release` is called (more than once is harmless). */
  acquire(): Promise<() => void>;
  /** Refuses at once when the queue is already full, before a request's body is read. */
  assertRoom(): void;
  stats(): { running: number; queued: number };
}

export interface HeavyJobsOptions {
  concurrency: number;
  queue: number;
  /** What a refused client is told to wait before trying again. */
  retryAfterSeconds: number;
}

export function createHeavyJobs({ concurrency, queue, retryAfterSeconds }: HeavyJobsOptions): HeavyJobs {
  if (concurrency < 1) throw new Error('heavy jobs: concurrency must be at least 1');
  let running = 0;
  const waiting: Array<() => void> = [];
  const busy = () => new AppError('common.busy', { retryAfterSeconds });

  function releaser() {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiting.shift();
      // The slot passes straight to the next in line, so `running` never dips and a newcomer cannot jump the queue.
      if (next) next();
      else running--;
    };
  }

  function assertRoom() {
    if (running >= concurrency && waiting.length >= queue) throw busy();
  }

  async function acquire(): Promise<() => void> {
    if (running < concurrency) {
      running++;
      return releaser();
    }
    assertRoom();
    await new Promise<void>((resolve) => waiting.push(resolve));
    return releaser();
  }

  return {
    acquire,
    assertRoom,
    async run(job) {
      const release = await acquire();
      try {
        return await job();
      } finally {
        release();
      }
    },
    stats: () => ({ running, queued: waiting.length }),
  };
}
