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

const Live = Type.Object({ status: Type.Literal('ok') });

const Ready = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('not_ready')]),
  checks: Type.Object({
    database: Type.Boolean({ description: '数据库可连接' }),
    migrations: Type.Boolean({ description: '全部迁移已执行' }),
    storage: Type.Boolean({ description: '佐证材料存储可写' }),
  }),
});

/** A readiness probe every few seconds would otherwise write an object to the store each time. */
const storageProbeTtlMs = 10_000;

const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const expected = journal.entries.length;

  async function appliedMigrations(): Promise<number | null> {
    try {
      const result = await fastify.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
      return Number(result.rows[0]?.n ?? 0);
    } catch {
      return null;
    }
  }

  // Writes and removes a tiny file through the storage interface, so any backend (disk, S3) is probed the same way.
  let storageProbe: { at: number; ok: Promise<boolean> } | undefined;
  function storageWritable(): Promise<boolean> {
    const now = Date.now();
    if (!storageProbe || now - storageProbe.at > storageProbeTtlMs) {
      const ok = fastify.storage
        .put({ source: Buffer.from('ready'), maxBytes: 16 })
        .then((file) => fastify.storage.remove(file.key))
        .then(
          () => true,
          (err: Error) => {
            fastify.log.warn({ err: { message: err.message } }, 'readiness: evidence storage is not writable');
            return false;
          },
        );
      storageProbe = { at: now, ok };
    }
    return storageProbe.ok;
  }

  fastify.get('/api/health/live', {
    config: { permission: 'public' },
    schema: { tags: ['health'], summary: '存活检查：进程在运行且能应答（不查数据库）', response: { ...errorResponses, 200: Live } },
    handler: async () => ({ status: 'ok' as const }),
  });

  fastify.get('/api/health/ready', {
    config: { permission: 'public' },
    schema: {
      tags: ['health'],
      summary: '就绪检查：数据库可连接、迁移已执行、佐证存储可写；不就绪时 503',
      response: { ...errorResponses, 200: Ready, 503: Ready },
    },
    handler: async (_request, reply) => {
      const [applied, storage] = await Promise.all([appliedMigrations(), storageWritable()]);
      const checks = { database: applied !== null, migrations: applied === expected, storage };
      const ready = checks.database && checks.migrations && checks.storage;
      return reply.status(ready ? 200 : 503).send({ status: ready ? ('ok' as const) : ('not_ready' as const), checks });
    },
  });

  fastify.get('/api/health', {
    config: { permission: 'public' },
    schema: { tags: ['health'], summary: '健康检查：数据库驱动与迁移状态', response: { ...errorResponses, 200: Health, 503: Health } },
    handler: async (_request, reply) => {
      const counted = await appliedMigrations();
      const reachable = counted !== null;
      const applied = counted ?? 0;
      const upToDate = reachable && applied === expected;
      const body = { status: upToDate ? ('ok' as const) : ('degraded' as const), database: { driver: fastify.database.driver, reachable, migrations: { applied, expected, upToDate } } };
      return reply.status(upToDate ? 200 : 503).send(body);
    },
  });
};

export default healthRoutes;
