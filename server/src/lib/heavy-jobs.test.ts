import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { createHeavyJobs } from './heavy-jobs.js';

/** A job that runs until its `finish` (or `fail`) is called, recording when it started. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = () => resolve(name);
    fail = reject;
  });
  return {
    job: () => {
      log.push(name);
      return done;
    },
    finish,
    fail,
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the heavy-job limiter', () => {
  it('when the slots are taken, further jobs wait in arrival order and start as slots free', async () => {
    const jobs = createHeavyJobs({ concurrency: 2, queue: 3, retryAfterSeconds: 7 });
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd', 'e'].map((name) => gate(started, name));
    const results = gates.map((g) => jobs.run(g.job));
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect(jobs.stats()).toEqual({ running: 2, queued: 3 });

    gates[1].finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    gates[0].finish();
    gates[2].finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    gates[3].finish();
    gates[4].finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(jobs.stats()).toEqual({ running: 0, queued: 0 });
  });

  it('when the queue is full, a further job is refused with common.busy (503) and its Retry-After, and never runs', async () => {
    const jobs = createHeavyJobs({ concurrency: 1, queue: 2, retryAfterSeconds: 7 });
    const started: string[] = [];
    const gates = ['a', 'b', 'c'].map((name) => gate(started, name));
    const admitted = gates.map((g) => jobs.run(g.job));
    expect(() => jobs.assertRoom()).toThrow(AppError);
    const refused = await jobs.run(gate(started, 'refused').job).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'common.busy', statusCode: 503, retryAfterSeconds: 7 });
    gates.forEach((g) => g.finish());
    await Promise.all(admitted);
    expect(started).toEqual(['a', 'b', 'c']);
    // Once the queue drains there is room again.
    expect(() => jobs.assertRoom()).not.toThrow();
    expect(await jobs.run(async () => 'later')).toBe('later');
  });

  it('when a job fails, its slot is given back and the next job runs', async () => {
    const jobs = createHeavyJobs({ concurrency: 1, queue: 1, retryAfterSeconds: 7 });
    const started: string[] = [];
    const [failing, next] = [gate(started, 'failing'), gate(started, 'next')];
    const first = jobs.run(failing.job);
    const second = jobs.run(next.job);
    failing.fail(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await settle();
    expect(started).toEqual(['failing', 'next']);
    next.finish();
    await second;
    expect(jobs.stats()).toEqual({ running: 0, queued: 0 });
  });

  it('when a job throws before its first await, its slot is given back too', async () => {
    const jobs = createHeavyJobs({ concurrency: 1, queue: 0, retryAfterSeconds: 7 });
    await expect(
      jobs.run(() => {
        throw new Error('at once');
      }),
    ).rejects.toThrow('at once');
    expect(jobs.stats()).toEqual({ running: 0, queued: 0 });
  });

  it('when a held slot is released twice, it counts once', async () => {
    const jobs = createHeavyJobs({ concurrency: 2, queue: 0, retryAfterSeconds: 7 });
    const release = await jobs.acquire();
    const other = await jobs.acquire();
    release();
    release();
    expect(jobs.stats()).toEqual({ running: 1, queued: 0 });
    other();
    expect(jobs.stats()).toEqual({ running: 0, queued: 0 });
  });
});
