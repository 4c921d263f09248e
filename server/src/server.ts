import { join } from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { createDatabase } from './db/client.js';
import { withStartupLock } from './db/startup-lock.js';
import { seedDemoData } from './demo/demo.seed.js';
import { repoRoot } from './lib/paths.js';

const config = loadConfig();
config.webDistDir ??= join(repoRoot, 'web', 'dist');

const logger = { level: process.env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie', 'body.password'] };
// The pool's error listener is created before the app (and its logger) exists.
const holder: { app?: Awaited<ReturnType<typeof buildApp>> } = {};

const database = await createDatabase({
  url: config.databaseUrl,
  dataDir: config.databaseUrl ? undefined : `${config.dataDir}/pglite`,
  onPoolError: (err) => holder.app?.log.warn({ err: { message: err.message } }, 'database connection lost; the pool will reconnect'),
});
// Heavy reads (reports, exports, dashboards, search) may go to a streaming replica; db/read-routing.ts decides.
const replica = config.databaseReplicaUrl
  ? await createDatabase({
      url: config.databaseReplicaUrl,
      onPoolError: (err) => holder.app?.log.warn({ err: { message: err.message } }, 'replica connection lost; heavy reads go to the primary until it is back'),
    })
  : undefined;
// Instances starting together on one PostgreSQL database take turns to migrate and to seed (db/startup-lock.ts).
await withStartupLock(database, () => database.migrate());

const app = await buildApp({ config, database, replica, logger, closeDatabase: true });
holder.app = app;
app.server.requestTimeout = 120_000;
app.server.headersTimeout = 30_000;

if (config.demoData) {
  const seeded = await withStartupLock(database, () =>
    seedDemoData({ db: database.db, ledger: { today: app.today(), timeZone: config.timeZone, storage: app.storage } }),
  );
  if (seeded.created) app.log.info('demo data created');
  app.log.info(`demo accounts (password ${seeded.password}): ${seeded.usernames.join(', ')}`);
}

// Stop taking new connections, let requests in flight finish, then close the database.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  });
}

await app.listen({ port: config.port, host: config.host });
console.log(
  `Rectify 问题整改台账 is running at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}  (database: ${database.driver}${replica ? ' with a read replica' : ''}; data: ${config.dataDir}; evidence: ${config.s3 ? `s3 bucket ${config.s3.bucket}${config.s3.prefix ? `/${config.s3.prefix}` : ''}` : 'local disk'})`,
);
const metrics = app.metrics.address();
if (metrics) console.log(`Prometheus metrics at http://${metrics.address}:${metrics.port}/metrics`);
