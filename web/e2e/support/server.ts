import { createRequire } from 'node:module';
import { buildApp, type App } from '../../../server/src/app';
import type { Config } from '../../../server/src/config';
import type { Clock } from '../../../server/src/lib/clock';
import type { Database } from '../../../server/src/db/client';
import { DEMO_PASSWORD, seedDemoData } from '../../../server/src/demo/demo.seed';
import { spaStaticOptions } from '../../../server/src/plugins/static';
import { testConfig } from '../../../server/src/test/test-app';
import { createTestDatabase } from '../../../server/src/test/test-db';
import { distDir } from './paths';

export { DEMO_PASSWORD };

let warned = false;

/**
 * The app serving web/dist itself, as `pnpm start` does. While server/src/app.ts sets a second not-found handler
 * whenever webDistDir exists (Fastify refuses that at start-up), the harness serves dist the same way on its own
 * and says so, so that the browser tests still run.
 */
async function buildServingApp(database: Database, config: Partial<Config>, clock?: Clock): Promise<App> {
  try {
    return await buildApp({ config: testConfig({ webDistDir: distDir, ...config }), database, clock });
  } catch (err) {
    if (!String((err as Error).message).includes('Not found handler already set')) throw err;
    if (!warned) console.warn('[e2e] server/src/app.ts cannot serve web/dist (second setNotFoundHandler); the e2e harness serves it instead.');
    warned = true;
    const app = await buildApp({ config: testConfig({ ...config, webDistDir: undefined }), database, clock });
    const fastifyStatic = createRequire(new URL('../../../server/package.json', import.meta.url))('@fastify/static');
    // The server's own options (precompressed files, cache headers); typed against the server's copy of the plugin.
    await app.register(fastifyStatic, spaStaticOptions(distDir) as Record<string, unknown>);
    app.get('/*', (request, reply) => {
      if (request.url.startsWith('/api')) return reply.status(404).send({ error: { code: 'common.not_found', message: '请求的资源不存在' } });
      return reply.sendFile('index.html');
    });
    return app;
  }
}

/**
 * The real server with the demo committee on a fresh database, serving the built app on a free port.
 * `demoLedger` also writes the demo's sixty items over the months before today, as `pnpm start` does.
 * `clock` fixes the server's day (a browser test then fixes the page's clock to match).
 */
export async function startServer(config: Partial<Config> = {}, { demoLedger = false, clock }: { demoLedger?: boolean; clock?: Clock } = {}) {
  const database = await createTestDatabase();
  const app = await buildServingApp(database, config, clock);
  await seedDemoData({ db: database.db, ledger: demoLedger ? { today: app.today(), timeZone: app.config.timeZone } : undefined });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });

  /** Calls the API directly, as another client would (to set up data or end sessions behind the browser's back). */
  async function api<T>(path: string, { method = 'GET', body, token }: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
    const headers: Record<string, string> = {};
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async function tokenOf(username: string): Promise<string> {
    const { accessToken } = await api<{ accessToken: string }>('/api/auth/login', { method: 'POST', body: { username, password: DEMO_PASSWORD } });
    return accessToken;
  }

  /** Uploads a file as evidence of an item, as a clerk's browser would. */
  async function uploadEvidence(token: string, itemId: number, file: { name: string; content: Buffer; type: string }) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.content)], { type: file.type }), file.name);
    return api<{ evidenceId: number }>(`/api/items/${itemId}/evidence`, { method: 'POST', token, body: form });
  }

  return {
    url,
    api,
    tokenOf,
    uploadEvidence,
    today: () => app.today(),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;
