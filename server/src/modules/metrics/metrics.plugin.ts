import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { createCollectors } from './metrics.collectors.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: {
      registry: Registry;
      observeJob(outcome: { job: string; ran: boolean; error?: string }): void;
      /** The separate metrics listener's address once the app is ready (METRICS_PORT), else undefined. */
      address(): AddressInfo | undefined;
    };
  }
}

/**
 * Prometheus metrics, never open on the public port: on their own listener (METRICS_PORT, bound to METRICS_HOST,
 * 127.0.0.1 unless told otherwise) and/or at `/metrics` on the public port for a bearer of METRICS_TOKEN
 * (metrics.routes.ts).
 */
export default fp(
  async function metricsPlugin(fastify: FastifyInstance) {
    // A registry per app rather than prom-client's global one: tests run several apps in one process.
    const registry = new Registry();
    const collectors = createCollectors({ registry, fastify });
    let listener: Server | undefined;

    fastify.decorate('metrics', {
      registry,
      observeJob: collectors.observeJob,
      address: () => (listener?.address() as AddressInfo | null) ?? undefined,
    });

    fastify.addHook('onResponse', async (request, reply) => {
      // Unmatched paths share one label, so scanning for URLs cannot grow the series without bound.
      const route = request.routeOptions.url ?? '(unmatched)';
      collectors.observeRequest({ method: request.method, route, statusCode: reply.statusCode, seconds: reply.elapsedTime / 1000 });
    });

    const { metricsPort, metricsHost } = fastify.config;
    if (metricsPort !== undefined) {
      fastify.addHook('onReady', async () => {
        listener = createServer((req, res) => {
          if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
            res.writeHead(404).end();
            return;
          }
          registry.metrics().then(
            (body) => res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(body),
            (err: Error) => {
              fastify.log.error({ err: { message: err.message } }, 'metrics collection failed');
              res.writeHead(500).end();
            },
          );
        });
        await new Promise<void>((resolve, reject) => {
          listener!.once('error', reject);
          listener!.listen(metricsPort, metricsHost ?? '127.0.0.1', () => resolve());
        });
      });
      fastify.addHook('onClose', async () => {
        if (listener) await new Promise<void>((resolve) => listener!.close(() => resolve()));
      });
    }
  },
  { name: 'metrics', dependencies: ['config', 'db', 'heavy-jobs'] },
);
