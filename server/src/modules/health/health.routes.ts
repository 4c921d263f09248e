import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { errorResponses } from '@rectify/shared';
import { migrationsFolder } from '../../db/client.js';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.Object({
    driver: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
    reachable: Type.Boolean(),
    migrations: Type.Object({ applied: Type.Integer(), expected: Type.Integer(), upToDate: Type.Boolean() }),
  }),
});

const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const expected = journal.entries.length;

  fastify.get('/api/health', {
    config: { permission: 'public' },
    schema: { tags: ['health'], summary: '健康检查：数据库驱动与迁移状态', response: { ...errorResponses, 200: Health, 503: Health } },
    handler: async (_request, reply) => {
      let applied = 0;
      let reachable = true;
      try {
        const result = await fastify.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
        applied = Number(result.rows[0]?.n ?? 0);
      } catch {
        reachable = false;
      }
      const upToDate = reachable && applied === expected;
      const body = { status: upToDate ? ('ok' as const) : ('degraded' as const), database: { driver: fastify.database.driver, reachable, migrations: { applied, expected, upToDate } } };
      return reply.status(upToDate ? 200 : 503).send(body);
    },
  });
};

export default healthRoutes;
