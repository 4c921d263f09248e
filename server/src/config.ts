import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseOutboundAllow } from './lib/outbound/address-policy.js';
import { defaultDataDir } from './lib/paths.js';
import type { S3Settings } from './lib/storage/s3.js';
import { s3SettingsFromEnv } from './lib/storage/storage.config.js';

/** The committee's time zone when TZ_COMMITTEE is not set. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** A streaming replica for heavy reads (DATABASE_REPLICA_URL); absent means every read goes to the primary. */
  databaseReplicaUrl?: string;
  /** Beyond this many seconds behind the primary the replica serves nothing (DATABASE_REPLICA_MAX_LAG_SECONDS, 10). */
  replicaMaxLagSeconds?: number;
  /** How often the replica's state and lag are probed, in ms; 0 only when asked (tests). */
  replicaProbeMs?: number;
  jwtSecret: string;
  timeZone: string;
  demoData: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Wrong passwords (sign-in, or the old one at a change) allowed per account and source address within the window. */
  loginMaxFailures: number;
  /** The same per account from all addresses together: high, so that a stranger cannot lock a user out. */
  loginAccountMaxFailures: number;
  /** The same per source address across all accounts: bounds guessing many accounts from one address. */
  loginSourceMaxFailures: number;
  loginWindowSeconds: number;
  bodyLimitBytes: number;
  uploadMaxBytes: number;
  /** Imports, exports and .xlsx/.docx documents run at once in this process; more wait in a queue of `heavyJobsQueue`. */
  heavyJobsConcurrency: number;
  /** Heavy jobs waiting for a slot; beyond them a request is answered 503 `common.busy` with Retry-After. */
  heavyJobsQueue: number;
  /** Sweep leftover evidence files at start-up and hourly (off in tests, which sweep on purpose). */
  sweepEvidence: boolean;
  /** The sweep touches only files at least this old, so an upload whose row has not committed yet is safe. */
  evidenceSweepMinAgeMs: number;
  /** Run scheduled jobs (reminders, alerts, snapshots) and send queued deliveries in this process (off in tests). */
  scheduler: boolean;
  webDistDir: string | undefined;
  /** Hosts, addresses and CIDR ranges outbound requests may reach besides public addresses (OUTBOUND_ALLOW). */
  outboundAllow: string[];
  /** Evidence in an S3-compatible bucket (STORAGE=s3); absent means local disk under DATA_DIR/evidence. */
  s3?: S3Settings;
  /** A listener of its own for `/metrics` (METRICS_PORT); absent means none. */
  metricsPort?: number;
  /** Where that listener binds: loopback unless the operator opens it (METRICS_HOST). */
  metricsHost?: string;
  /** With it, `/metrics` on the public port answers a bearer of this token (METRICS_TOKEN, ≥ 32 characters). */
  metricsToken?: string;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function metricsToken(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.METRICS_TOKEN) return undefined;
  if (env.METRICS_TOKEN.length < 32) throw new Error('METRICS_TOKEN must be at least 32 characters');
  return env.METRICS_TOKEN;
}

/** The JWT secret comes from the environment, or is generated once and kept beside the data. */
function loadJwtSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  if (env.JWT_SECRET) {
    if (env.JWT_SECRET.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
    return env.JWT_SECRET;
  }
  // On a PostgreSQL server several instances may share the data: one generating its own secret would refuse the
  // others' tokens, so the operator gives them all the same one.
  if (env.DATABASE_URL) throw new Error('JWT_SECRET is required with DATABASE_URL, the same on every instance (e.g. openssl rand -base64 48)');
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // A DATA_DIR given is taken from the working directory, as a shell user expects; the default is the repository's.
  const dataDir = env.DATA_DIR ? resolve(env.DATA_DIR) : defaultDataDir();
  return {
    port: intFromEnv(env, 'PORT', 3000),
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReplicaUrl: env.DATABASE_REPLICA_URL || undefined,
    replicaMaxLagSeconds: intFromEnv(env, 'DATABASE_REPLICA_MAX_LAG_SECONDS', 10),
    replicaProbeMs: 1000,
    jwtSecret: loadJwtSecret(env, dataDir),
    timeZone: env.TZ_COMMITTEE ?? DEFAULT_TIME_ZONE,
    demoData: !['0', 'false', 'no', 'off'].includes((env.DEMO_DATA ?? 'true').toLowerCase()),
    accessTokenTtlSeconds: intFromEnv(env, 'ACCESS_TOKEN_TTL', 15 * 60),
    refreshTokenTtlSeconds: intFromEnv(env, 'REFRESH_TOKEN_TTL', 14 * 24 * 3600),
    loginMaxFailures: intFromEnv(env, 'LOGIN_MAX_FAILURES', 5),
    loginAccountMaxFailures: intFromEnv(env, 'LOGIN_ACCOUNT_MAX_FAILURES', 50),
    loginSourceMaxFailures: intFromEnv(env, 'LOGIN_SOURCE_MAX_FAILURES', 100),
    loginWindowSeconds: Math.max(1, intFromEnv(env, 'LOGIN_WINDOW_SECONDS', 15 * 60)),
    bodyLimitBytes: intFromEnv(env, 'BODY_LIMIT_BYTES', 1024 * 1024),
    uploadMaxBytes: intFromEnv(env, 'UPLOAD_MAX_BYTES', 50 * 1024 * 1024),
    heavyJobsConcurrency: Math.max(1, intFromEnv(env, 'HEAVY_JOBS_CONCURRENCY', 2)),
    heavyJobsQueue: intFromEnv(env, 'HEAVY_JOBS_QUEUE', 8),
    sweepEvidence: true,
    evidenceSweepMinAgeMs: intFromEnv(env, 'EVIDENCE_SWEEP_MIN_AGE_SECONDS', 3600) * 1000,
    scheduler: !['0', 'false', 'no', 'off'].includes((env.SCHEDULER ?? 'true').toLowerCase()),
    webDistDir: env.WEB_DIST_DIR,
    outboundAllow: parseOutboundAllow(env.OUTBOUND_ALLOW),
    s3: s3SettingsFromEnv(env),
    metricsPort: env.METRICS_PORT ? intFromEnv(env, 'METRICS_PORT', 0) : undefined,
    metricsHost: env.METRICS_HOST || '127.0.0.1',
    metricsToken: metricsToken(env),
  };
}
