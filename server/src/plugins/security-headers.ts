import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type SecurityHeaders = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * Helmet's middleware, built once: building it parses the whole policy, and doing that on every request (as a
 * per-request wrapper would) cost more than some of the routes it decorates. The app applies the same instance to
 * the answers Fastify gives before any hook runs (a URL that cannot be decoded).
 */
export function buildSecurityHeaders(options: HelmetOptions): SecurityHeaders {
  return helmet(options);
}

/** Helmet's security headers on every response, 404s and errors included. */
export default fp(
  async function securityHeaders(fastify: FastifyInstance, { apply }: { apply: SecurityHeaders }) {
    fastify.addHook('onRequest', (request, reply, done) => {
      apply(request.raw, reply.raw, (err) => done(err as Error | undefined));
    });
  },
  { name: 'security-headers' },
);
