/**
 * The API alone in its own process, for measurements of its memory: `run.ts` starts one per single-request
 * measurement, reads its peak resident set (VmHWM) from /proc afterwards, and stops it.
 * Prints `{"port":…}` once listening. Env: DATABASE_URL (the bench database), BENCH_TODAY (YYYY-MM-DD).
 */
import { buildApp } from '../src/app.js';
import { createDatabase } from '../src/db/client.js';
import { testConfig } from '../src/test/test-app.js';

const database = await createDatabase({ url: process.env.DATABASE_URL!, poolSize: 10 });
const app = await buildApp({
  config: testConfig({ dataDir: '/tmp/rectify-bench', demoData: false, loginMaxFailures: 1000 }),
  database,
  clock: { now: () => new Date(`${process.env.BENCH_TODAY}T04:00:00Z`) },
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: (app.server.address() as { port: number }).port })}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => database.close()).finally(() => process.exit(0));
});
