import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type AppOptions } from '../app.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { DEMO_PASSWORD, seedDemoData, type DemoOrgIds } from '../demo/demo.seed.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { createTestDatabase } from './test-db.js';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/tmp/rectify-test-unused',
    databaseUrl: undefined,
    jwtSecret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    timeZone: 'Asia/Shanghai',
    demoData: true,
    accessTokenTtlSeconds: 900,
    refreshTokenTtlSeconds: 3600,
    loginMaxFailures: 5,
    loginAccountMaxFailures: 50,
    loginSourceMaxFailures: 100,
    loginWindowSeconds: 900,
    bodyLimitBytes: 1024 * 1024,
    uploadMaxBytes: 5 * 1024 * 1024,
    heavyJobsConcurrency: 2,
    heavyJobsQueue: 8,
    sweepEvidence: false,
    evidenceSweepMinAgeMs: 3600_000,
    scheduler: false,
    webDistDir: undefined,
    outboundAllow: [],
    ...overrides,
  };
}

export type DemoUsername = 'admin' | 'supervisor' | 'branch' | 'branch2' | 'viewer';

/**
 * The app on a fresh database with the demo committee: `orgs` maps demo keys (committee, police,
 * traffic, finance, …) to ids; `as(user)` logs in once and returns a request function with the token.
 */
export async function createTestApp({
  clock = systemClock,
  config = {},
  database,
  replica,
  setup,
  oidc,
}: {
  clock?: Clock;
  config?: Partial<Config>;
  database?: Database;
  /** A streaming replica of `database` for heavy reads (test/replica.ts). */
  replica?: Database;
  /** Adds routes or hooks before the app starts. */
  setup?: (app: Awaited<ReturnType<typeof buildApp>>) => void;
  /** How the app talks to an OpenID provider (tests alter its answers). */
  oidc?: AppOptions['oidc'];
} = {}) {
  const db = database ?? (await createTestDatabase());
  const dataDir = config.dataDir ?? (await mkdtemp(join(tmpdir(), 'rectify-test-')));
  const app = await buildApp({ config: testConfig({ dataDir, ...config }), database: db, replica, clock, oidc });
  setup?.(app);
  await app.ready();
  const { orgIds } = await seedDemoData({ db: db.db });
  const tokens = new Map<string, string>();

  async function login(username: string, password = DEMO_PASSWORD) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    return res.json() as { accessToken: string; refreshToken: string; user: { id: number; orgId: number } };
  }

  async function tokenOf(username: string, password?: string) {
    if (!tokens.has(username)) tokens.set(username, (await login(username, password)).accessToken);
    return tokens.get(username)!;
  }

  function as(username: DemoUsername | string, password?: string) {
    return async (opts: InjectOptions): Promise<LightMyRequestResponse> => {
      const token = await tokenOf(username, password);
      return app.inject({ ...opts, headers: { ...opts.headers, authorization: `Bearer ${token}` } });
    };
  }

  return {
    app,
    database: db,
    db: db.db,
    orgs: orgIds as DemoOrgIds,
    login,
    as,
    forget: (username: string) => tokens.delete(username),
    dataDir,
    close: async () => {
      await app.close();
      await db.close();
      if (!config.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
