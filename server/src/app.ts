import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { systemClock, type Clock } from './lib/clock.js';
import { configPlugin, dbPlugin } from './plugins/db.js';
import securityHeaders, { buildSecurityHeaders } from './plugins/security-headers.js';
import authPlugin from './plugins/auth.js';
import errorsPlugin, { sendFrameworkError, writeClientError } from './plugins/errors.js';
import idempotencyPlugin from './modules/idempotency/idempotency.plugin.js';
import { installValidation } from './plugins/validation.js';
import { spaStaticOptions } from './plugins/static.js';
import healthRoutes from './modules/health/health.routes.js';
import authRoutes from './modules/auth/auth.routes.js';
import ldapRoutes from './modules/ldap/ldap.routes.js';
import orgsRoutes from './modules/orgs/orgs.routes.js';
import usersRoutes from './modules/users/users.routes.js';
import categoriesRoutes from './modules/categories/categories.routes.js';
import settingsRoutes from './modules/settings/settings.routes.js';
import itemsRoutes from './modules/items/items.routes.js';
import itemsMeasuresRoutes from './modules/items-measures/items-measures.routes.js';
import itemsDecisionsRoutes from './modules/items-decisions/items-decisions.routes.js';
import reviewLevelsRoutes from './modules/review-levels/review-levels.routes.js';
import itemsAcknowledgeRoutes from './modules/items-acknowledge/items-acknowledge.routes.js';
import evidenceRoutes from './modules/evidence/evidence.routes.js';
import reviewsRoutes from './modules/reviews/reviews.routes.js';
import rectificationReportsRoutes from './modules/rectification-reports/rectification-reports.routes.js';
import reviewCarryRoutes from './modules/reviews/reviews.carry.routes.js';
import selfChecksRoutes from './modules/self-checks/self-checks.routes.js';
import commonProblemsRoutes from './modules/common-problems/common-problems.routes.js';
import ledgerIoRoutes from './modules/ledger-io/ledger-io.routes.js';
import notificationsPlugin from './modules/notifications/notifications.plugin.js';
import notificationsRoutes from './modules/notifications/notifications.routes.js';
import channelsRoutes from './modules/notifications/channels.routes.js';
import noticesRoutes from './modules/notices/notices.routes.js';
import dashboardRoutes from './modules/dashboard/dashboard.routes.js';
import orgHomeRoutes from './modules/org-home/org-home.routes.js';
import reportsRoutes from './modules/reports/reports.routes.js';
import rechecksRoutes from './modules/rechecks/rechecks.routes.js';
import escalationRoutes from './modules/escalation/escalation.routes.js';
import jobsPlugin from './modules/jobs/jobs.plugin.js';
import jobsRoutes from './modules/jobs/jobs.routes.js';
import auditPlugin from './modules/audit/audit.plugin.js';
import auditRoutes from './modules/audit/audit.routes.js';
import apiTokensRoutes from './modules/api-tokens/api-tokens.routes.js';
import calendarRoutes from './modules/calendar/calendar.routes.js';
import oidcPlugin from './modules/oidc/oidc.plugin.js';
import oidcRoutes from './modules/oidc/oidc.routes.js';
import signInRoutes from './modules/sign-in/sign-in.routes.js';
import type { ProviderOptions } from './modules/oidc/oidc.provider.js';
import storagePlugin from './plugins/storage.js';
import heavyJobsPlugin from './plugins/heavy-jobs.js';
import metricsPlugin from './modules/metrics/metrics.plugin.js';
import metricsRoutes from './modules/metrics/metrics.routes.js';
import readDbPlugin from './db/read-db.plugin.js';
import multipart from '@fastify/multipart';
import type { Storage } from './lib/storage/storage.js';
import { withLoggableErrors } from './lib/loggable-error.js';

export interface AppOptions {
  config: Config;
  database: Database;
  /** A streaming replica for heavy reads (DATABASE_REPLICA_URL); closed with the app when the database is. */
  replica?: Database;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  oidc?: ProviderOptions;
  /** Evidence storage; local disk under DATA_DIR/evidence when omitted. */
  storage?: Storage;
  /** Close the database with the app (the server does; tests that share a database do not). */
  closeDatabase?: boolean;
}

export async function buildApp({ config, database, replica, clock = systemClock, logger = false, closeDatabase = false, storage, oidc }: AppOptions) {
  const headers = buildSecurityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameSrc: ["'self'", 'blob:'],
        frameAncestors: ["'self'"],
        // Intranet deployments often serve plain HTTP on a LAN address; upgrading would break every script there.
        upgradeInsecureRequests: null,
      },
    },
  });
  const app = Fastify({
    // A failed query's error carries its statement and values; the log keeps neither.
    logger: withLoggableErrors(logger),
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
    // A URL that cannot be decoded is refused before routing, so before any hook: answer it in the house format.
    frameworkErrors: (err, request, reply) => sendFrameworkError({ err, request, reply, headers }),
    clientErrorHandler: writeClientError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  installValidation(app);

  // Set as the request arrives, so that every answer carries it, errors included, without a hook on the way out.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  // External plugins first, then our decorators, then the routes.
  await app.register(securityHeaders, { apply: headers });
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
  await app.register(heavyJobsPlugin);
  await app.register(metricsPlugin);
  await app.register(readDbPlugin, { replica, closeOnShutdown: closeDatabase });
  // The built SPA on the same port; the errors plugin's not-found handler falls back to its index.html.
  const spa = !!config.webDistDir && existsSync(config.webDistDir);
  if (spa) await app.register(fastifyStatic, spaStaticOptions(config.webDistDir!));
  await app.register(errorsPlugin, { spa });
  await app.register(authPlugin);
  await app.register(idempotencyPlugin);
  await app.register(notificationsPlugin);
  await app.register(jobsPlugin);
  await app.register(auditPlugin);
  await app.register(oidcPlugin, oidc ?? {});

  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(authRoutes);
  await app.register(ldapRoutes);
  await app.register(orgsRoutes);
  await app.register(usersRoutes);
  await app.register(categoriesRoutes);
  await app.register(settingsRoutes);
  await app.register(itemsRoutes);
  await app.register(itemsMeasuresRoutes);
  await app.register(itemsDecisionsRoutes);
  await app.register(reviewLevelsRoutes);
  await app.register(itemsAcknowledgeRoutes);
  await app.register(evidenceRoutes);
  await app.register(reviewsRoutes);
  await app.register(rectificationReportsRoutes);
  await app.register(reviewCarryRoutes);
  await app.register(selfChecksRoutes);
  await app.register(commonProblemsRoutes);
  await app.register(ledgerIoRoutes);
  await app.register(notificationsRoutes);
  await app.register(signInRoutes);
  await app.register(oidcRoutes);
  await app.register(channelsRoutes);
  await app.register(noticesRoutes);
  await app.register(dashboardRoutes);
  await app.register(orgHomeRoutes);
  await app.register(reportsRoutes);
  await app.register(rechecksRoutes);
  await app.register(escalationRoutes);
  await app.register(jobsRoutes);
  await app.register(auditRoutes);
  await app.register(apiTokensRoutes);
  await app.register(calendarRoutes);


  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
