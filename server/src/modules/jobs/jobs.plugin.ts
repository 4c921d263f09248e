import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createJobs } from './jobs.definitions.js';
import { createScheduler, type Scheduler } from './jobs.scheduler.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Reminders, overdue alerts and report snapshots; started only when `config.scheduler` is on. */
    scheduler: Scheduler;
  }
}

export default fp(
  async function jobsPlugin(fastify: FastifyInstance) {
    const scheduler = createScheduler({
      db: fastify.db,
      clock: fastify.clock,
      timeZone: fastify.config.timeZone,
      jobs: createJobs({ settings: fastify.settings, timeZone: fastify.config.timeZone, pool: fastify.database.pool }),
      log: fastify.log,
      onOutcome: (outcome) => fastify.metrics.observeJob(outcome),
    });
    fastify.decorate('scheduler', scheduler);
    if (fastify.config.scheduler) {
      fastify.addHook('onReady', async () => scheduler.start({ deliver: () => fastify.deliveryWorker.runOnce() }));
    }
    // Stop the timers and let a running tick finish before the database closes.
    fastify.addHook('onClose', async () => scheduler.stop());
  },
  { name: 'jobs', dependencies: ['config', 'db', 'notifications', 'metrics'] },
);
