import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Helmet's security headers on every response, 404s and errors included. The middleware is built once: building
 * it parses the whole policy, and doing that on every request (as a per-request wrapper would) cost more than
 * some of the routes it decorates.
 */
export default fp(
  async function securityHeaders(fastify: FastifyInstance, options: HelmetOptions) {
    const apply = helmet(options);
    fastify.addHook('onRequest', (request, reply, done) => {
      apply(request.raw, reply.raw, (err) => done(err as Error | undefined));
    });
  },
  { name: 'security-headers' },
);
