import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { systemClock, type Clock } from './lib/clock.js';
import { configPlugin, dbPlugin } from './plugins/db.js';
import authPlugin from './plugins/auth.js';
import errorsPlugin from './plugins/errors.js';
import { installValidation } from './plugins/validation.js';
import healthRoutes from './modules/health/health.routes.js';
import authRoutes from './modules/auth/auth.routes.js';
import orgsRoutes from './modules/orgs/orgs.routes.js';
import usersRoutes from './modules/users/users.routes.js';
import categoriesRoutes from './modules/categories/categories.routes.js';
import settingsRoutes from './modules/settings/settings.routes.js';
import itemsRoutes from './modules/items/items.routes.js';
import evidenceRoutes from './modules/evidence/evidence.routes.js';
import storagePlugin from './plugins/storage.js';
import multipart from '@fastify/multipart';
import type { Storage } from './lib/storage/storage.js';

export interface AppOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Evidence storage; local disk under DATA_DIR/evidence when omitted. */
  storage?: Storage;
  /** Close the database with the app (the server does; tests that share a database do not). */
  closeDatabase?: boolean;
}

export async function buildApp({ config, database, clock = systemClock, logger = false, closeDatabase = false, storage }: AppOptions) {
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();
  installValidation(app);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // External plugins first, then our decorators, then the routes.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameSrc: ["'self'", 'blob:'],
        frameAncestors: ["'self'"],
      },
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Rectify 问题整改台账 API', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  // One file per request; @fastify/multipart stops reading past the size limit and evidence storage refuses the rest.
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10, parts: 12, headerPairs: 100, fieldSize: 64 * 1024 },
  });

  await app.register(configPlugin, { config, clock });
  await app.register(dbPlugin, { database, closeOnShutdown: closeDatabase });
  await app.register(storagePlugin, { storage });
  await app.register(errorsPlugin);
  await app.register(authPlugin);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(orgsRoutes);
  await app.register(usersRoutes);
  await app.register(categoriesRoutes);
  await app.register(settingsRoutes);
  await app.register(itemsRoutes);
  await app.register(evidenceRoutes);

  // The built SPA on the same port; unknown non-API paths fall back to index.html for client-side routing.
  if (config.webDistDir && existsSync(config.webDistDir)) {
    await app.register(fastifyStatic, { root: config.webDistDir, wildcard: false, index: ['index.html'] });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api')) return reply.sendFile('index.html');
      return reply.status(404).send({ error: { code: 'common.not_found', message: '请求的资源不存在' } });
    });
  }

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
