/**
 * The hand-written baseline alone in its own process, like the API in `serve.ts`.
 * Prints `{"port":…}` once listening. Env: DATABASE_URL (the bench database).
 */
import { startBaseline } from './baseline.js';

const baseline = await startBaseline({ databaseUrl: process.env.DATABASE_URL!, port: 0 });
process.stdout.write(`${JSON.stringify({ port: Number(new URL(baseline.url).port) })}\n`);
process.on('SIGTERM', () => {
  void baseline.close().finally(() => process.exit(0));
});
