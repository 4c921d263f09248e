import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, appendFileSync } from 'node:fs';
import pg from 'pg';

/**
 * A streaming replica of the local PostgreSQL server that DATABASE_URL names, made as an operator makes one: a second
 * cluster (`pg_createcluster`) on its own port, filled by `pg_basebackup -R` and streaming from the primary. Every
 * step is idempotent: a replica that is already streaming is reused, a broken one is made again. It needs the
 * Debian cluster tools and root (as CI runs), like the fault tier.
 */

const clusterName = 'rectify_replica';
export const replicaPort = Number(process.env.REPLICA_PORT ?? 5433);

/** Whether this machine can make a replica: a local Debian cluster and the tools to make another. */
export function canMakeReplica(): boolean {
  if (!process.env.DATABASE_URL) return false;
  try {
    execFileSync('pg_lsclusters', ['-h'], { stdio: 'ignore' });
    return existsSync('/usr/bin/pg_createcluster') && process.getuid?.() === 0;
  } catch {
    return false;
  }
}

const run = (file: string, args: string[]) => execFileSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const asPostgres = (file: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', file, ...args]);

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The URL of a database on the replica: the primary's URL with the replica's port. */
export function replicaUrlOf(primaryUrl: string): string {
  const url = new URL(primaryUrl);
  url.port = String(replicaPort);
  return url.toString();
}

const adminUrl = () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = '/postgres';
  return url.toString();
};

/** The primary allows a replication connection from the loopback address; a restart only if WAL is too thin. */
async function preparePrimary(): Promise<string> {
  const [settings] = await query<{ wal_level: string; senders: string; hba: string; version: string }>(
    adminUrl(),
    `SELECT current_setting('wal_level') AS wal_level, current_setting('max_wal_senders') AS senders,
            current_setting('hba_file') AS hba, current_setting('server_version_num') AS version`,
  );
  const major = String(Math.floor(Number(settings.version) / 10000));
  const hba = readFileSync(settings.hba, 'utf8');
  if (!/^\s*host\s+replication\s+all\s+127\.0\.0\.1\/32\s+trust/m.test(hba)) {
    appendFileSync(settings.hba, '\n# A local streaming replica for the tests (server/src/test/replica.ts).\nhost replication all 127.0.0.1/32 trust\n');
    await query(adminUrl(), 'SELECT pg_reload_conf()');
  }
  if (settings.wal_level === 'minimal' || Number(settings.senders) < 2) {
    await query(adminUrl(), "ALTER SYSTEM SET wal_level = 'replica'");
    await query(adminUrl(), 'ALTER SYSTEM SET max_wal_senders = 10');
    run('pg_ctlcluster', ['--skip-systemctl-redirect', major, 'main', 'restart']);
  }
  return major;
}

async function isStreaming(): Promise<boolean> {
  try {
    const [row] = await query<{ standby: boolean; streaming: boolean }>(
      replicaUrlOf(adminUrl()),
      "SELECT pg_is_in_recovery() AS standby, EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') AS streaming",
    );
    return row.standby && row.streaming;
  } catch {
    return false;
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, tries = 120) {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`replica: ${what} did not happen`);
}

function makeCluster(major: string) {
  if (run('pg_lsclusters', ['-h']).split('\n').some((line) => line.split(/\s+/)[1] === clusterName)) {
    run('pg_dropcluster', ['--stop', major, clusterName]);
  }
  run('pg_createcluster', [major, clusterName, '-p', String(replicaPort), '--', '--auth-local=trust', '--auth-host=trust']);
  const dataDir = `/var/lib/postgresql/${major}/${clusterName}`;
  run('find', [dataDir, '-mindepth', '1', '-delete']);
  const primary = new URL(adminUrl());
  asPostgres('pg_basebackup', ['-h', primary.hostname, '-p', primary.port || '5432', '-U', primary.username || 'postgres', '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast']);
  run('pg_ctlcluster', ['--skip-systemctl-redirect', major, clusterName, 'start']);
}

export interface Replica {
  /** The replica's URL for a database of the primary's URL. */
  urlOf(primaryUrl: string): string;
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  stop(): void;
  start(): Promise<void>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
}

export async function startReplica(): Promise<Replica> {
  const major = await preparePrimary();
  if (!(await isStreaming())) {
    const online = run('pg_lsclusters', ['-h']).split('\n').find((line) => line.split(/\s+/)[1] === clusterName);
    if (online && !online.includes('online')) run('pg_ctlcluster', ['--skip-systemctl-redirect', major, clusterName, 'start']);
    if (!(online && (await waitFor('streaming', isStreaming, 20).then(() => true, () => false)))) makeCluster(major);
    await waitFor('streaming', isStreaming);
  }
  const replicaAdmin = replicaUrlOf(adminUrl());
  return {
    urlOf: replicaUrlOf,
    async caughtUp() {
      const [{ lsn }] = await query<{ lsn: string }>(adminUrl(), 'SELECT pg_current_wal_lsn()::text AS lsn');
      await waitFor('catching up', async () => {
        const [row] = await query<{ done: boolean }>(replicaAdmin, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS done`).catch(() => [{ done: false }]);
        return row.done;
      });
    },
    stop() {
      run('pg_ctlcluster', ['--skip-systemctl-redirect', major, clusterName, 'stop', '-m', 'fast']);
    },
    async start() {
      run('pg_ctlcluster', ['--skip-systemctl-redirect', major, clusterName, 'start']);
      await waitFor('streaming again', isStreaming);
    },
    async pauseReplay() {
      await query(replicaAdmin, 'SELECT pg_wal_replay_pause()');
    },
    async resumeReplay() {
      await query(replicaAdmin, 'SELECT pg_wal_replay_resume()');
    },
  };
}
