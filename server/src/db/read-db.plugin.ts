import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createReplicaCollectors } from '../modules/metrics/metrics.replica.js';
import type { Database, Db } from './client.js';
import { isDatabaseUnavailable } from './errors.js';
import { createReadRouting, type ReadRouting, type ServedBy } from './read-routing.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where heavy reads go: the read replica (DATABASE_REPLICA_URL) when it may serve this caller, else the primary. */
    readDb: {
      routing: ReadRouting;
      /** The database for this request's heavy read, counted in the metrics by the one chosen. */
      pick(request: FastifyRequest): Db;
      /** A service built once on each database; the function returns the one this request should use. */
      routed<T>(build: (db: Db) => T): (request: FastifyRequest) => T;
    };
  }
  interface FastifyRequest {
    servedBy?: ServedBy;
  }
}

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export default fp(
  async function readDbPlugin(fastify: FastifyInstance, opts: { replica?: Database; closeOnShutdown: boolean }) {
    const routing = createReadRouting({
      primary: fastify.database,
      replica: opts.replica,
      maxLagSeconds: fastify.config.replicaMaxLagSeconds ?? 10,
      probeIntervalMs: fastify.config.replicaProbeMs ?? 1000,
      now: () => Date.now(),
    });
    const collectors = createReplicaCollectors({ registry: fastify.metrics.registry, status: routing.status });

    function pick(request: FastifyRequest): Db {
      const { db, servedBy } = routing.choose(request.user?.id);
      request.servedBy = servedBy;
      collectors.observeRead({ servedBy, route: request.routeOptions.url ?? '(unmatched)' });
      return db;
    }

    fastify.decorate('readDb', {
      routing,
      pick,
      routed<T>(build: (db: Db) => T) {
        const onPrimary = build(fastify.db);
        const onReplica = opts.replica ? build(opts.replica.db) : onPrimary;
        return (request: FastifyRequest) => (pick(request) === fastify.db ? onPrimary : onReplica);
      },
    });

    if (!opts.replica) return;
    // Noted before the answer leaves, so the caller's next request, which can only follow it, already knows.
    fastify.addHook('onSend', async (request) => {
      if (!readMethods.has(request.method) && request.user) routing.noteWrite(request.user.id);
    });
    fastify.addHook('onError', async (request, _reply, error) => {
      if (request.servedBy === 'replica' && isDatabaseUnavailable(error)) routing.markDown();
    });
    fastify.addHook('onReady', async () => {
      await routing.probe();
      routing.start();
    });
    fastify.addHook('onClose', async () => {
      await routing.stop();
      if (opts.closeOnShutdown) await opts.replica?.close();
    });
  },
  { name: 'read-db', dependencies: ['config', 'db', 'metrics'] },
);
