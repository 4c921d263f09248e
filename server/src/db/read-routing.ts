import { sql } from 'drizzle-orm';
import type { Database, Db } from './client.js';

export type ServedBy = 'primary' | 'replica';
export type ReplicaState = 'none' | 'unknown' | 'ok' | 'lagging' | 'down' | 'not_standby';

export interface ReplicaStatus {
  state: ReplicaState;
  /** Seconds of commits on the primary the replica may not have replayed yet; null when not known. */
  lagSeconds: number | null;
}

export interface ReadRoutingOptions {
  primary: Database;
  replica?: Database;
  /** Beyond this the replica is left alone until it catches up (DATABASE_REPLICA_MAX_LAG_SECONDS). */
  maxLagSeconds: number;
  /** How often the replica is probed; 0 means only when `probe()` is called (tests). */
  probeIntervalMs: number;
  now?: () => number;
}

/** A WAL position (`16/B374D848`) as a number that compares. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/**
 * Chooses the database for a heavy read: the replica when it is up, replays within the bound and has replayed the
 * caller's own last write; the primary otherwise.
 *
 * Freshness is measured in time, from WAL positions: each probe notes the primary's position with the moment it was
 * read, then asks the replica how far it has replayed. The replica holds everything committed before the moment of
 * the latest noted position it has reached ("fresh as of"). Its lag is the time since then, which stays 0 on an idle
 * primary, unlike `now() - pg_last_xact_replay_timestamp()`.
 *
 * A user's writes are remembered with their time in this process only: a user whose last write came after the
 * replica's "fresh as of" reads from the primary. Behind a load balancer that spreads one user's requests over
 * instances, another instance does not know of the write; docs/operations.md says how to keep a user on one.
 */
export function createReadRouting({ primary, replica, maxLagSeconds, probeIntervalMs, now = Date.now }: ReadRoutingOptions) {
  const samples: { at: number; lsn: bigint }[] = [];
  const lastWrite = new Map<number, number>();
  let freshAsOf = Number.NEGATIVE_INFINITY;
  let status: ReplicaStatus = { state: replica ? 'unknown' : 'none', lagSeconds: null };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ReplicaStatus> | undefined;

  async function probeOnce(): Promise<ReplicaStatus> {
    if (!replica) return status;
    const at = now();
    try {
      const { rows: p } = await primary.db.execute<{ lsn: string }>(sql`SELECT pg_current_wal_lsn()::text AS lsn`);
      samples.push({ at, lsn: parseLsn(p[0].lsn) });
      // Positions older than twice the bound say nothing a fallback would not, and a replica that stays down must
      // not make the list grow: keep it short whatever the replica answers.
      while (samples.length > 1 && samples[1].at < at - maxLagSeconds * 2000) samples.shift();
      const { rows: r } = await replica.db.execute<{ standby: boolean; lsn: string | null }>(
        sql`SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn`,
      );
      // A server that is not replaying (a primary named by mistake, or a promoted standby) is not this replica.
      if (!r[0].standby || !r[0].lsn) return (status = { state: 'not_standby', lagSeconds: null });
      const replayed = parseLsn(r[0].lsn);
      let reached = -1;
      for (let i = samples.length - 1; i >= 0; i--) {
        if (samples[i].lsn <= replayed) {
          reached = i;
          break;
        }
      }
      if (reached >= 0) {
        freshAsOf = Math.max(freshAsOf, samples[reached].at);
        samples.splice(0, reached);
      }
      for (const [userId, wroteAt] of lastWrite) if (wroteAt < freshAsOf) lastWrite.delete(userId);
      const lagSeconds = Number.isFinite(freshAsOf) ? Math.max(0, (at - freshAsOf) / 1000) : (at - samples[0].at) / 1000;
      return (status = { state: lagSeconds <= maxLagSeconds && Number.isFinite(freshAsOf) ? 'ok' : 'lagging', lagSeconds });
    } catch {
      return (status = { state: 'down', lagSeconds: null });
    }
  }

  /** One probe at a time; a caller during a probe waits for it. */
  function probe(): Promise<ReplicaStatus> {
    running ??= probeOnce().finally(() => (running = undefined));
    return running;
  }

  function choose(userId: number | undefined): { db: Db; servedBy: ServedBy } {
    if (!replica || status.state !== 'ok') return { db: primary.db, servedBy: 'primary' };
    const wroteAt = userId === undefined ? undefined : lastWrite.get(userId);
    if (wroteAt !== undefined && wroteAt >= freshAsOf) return { db: primary.db, servedBy: 'primary' };
    return { db: replica.db, servedBy: 'replica' };
  }

  return {
    replica,
    probe,
    choose,
    status: () => status,
    /** The caller changed something: their next heavy reads wait for the replica to replay it. */
    noteWrite(userId: number) {
      if (replica) lastWrite.set(userId, now());
    },
    /** A query on the replica failed to reach it: leave it until a probe finds it again. */
    markDown() {
      if (replica) status = { state: 'down', lagSeconds: null };
    },
    start() {
      if (!replica || probeIntervalMs <= 0 || timer) return;
      timer = setInterval(() => void probe(), probeIntervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

export type ReadRouting = ReturnType<typeof createReadRouting>;
