import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../lib/app-error.js';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `/metrics` on the public port, for a bearer of METRICS_TOKEN only. It sits outside `/api/` (a scraper is no user,
 * so no role applies); without a token configured it is a 404 like any unknown path, so the public port never
 * shows the figures.
 */
const metricsRoutes: FastifyPluginAsync = async (fastify) => {
  const { metricsToken } = fastify.config;
  fastify.get('/metrics', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (!metricsToken) throw new AppError('common.not_found');
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Bearer ') || !sameToken(header.slice(7), metricsToken)) throw new AppError('auth.invalid_token');
    const body = await fastify.metrics.registry.metrics();
    return reply.type(fastify.metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
};

export default metricsRoutes;
