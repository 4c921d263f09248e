import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createHeavyJobs, type HeavyJobs } from '../lib/heavy-jobs.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The process's limit on imports, exports and generated documents running at once. */
    heavyJobs: HeavyJobs;
  }
}

/** A refused client retries after about the time a queue's worth of jobs takes to clear. */
const retryAfterSeconds = 10;

export default fp(
  async function heavyJobsPlugin(fastify: FastifyInstance) {
    const { heavyJobsConcurrency: concurrency, heavyJobsQueue: queue } = fastify.config;
    fastify.decorate('heavyJobs', createHeavyJobs({ concurrency, queue, retryAfterSeconds }));
  },
  { name: 'heavy-jobs', dependencies: ['config'] },
);
