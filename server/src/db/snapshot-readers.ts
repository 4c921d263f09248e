import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { DbOrTx, Tx } from './client.js';
import * as schema from './schema.js';

/** Runs a read on whichever reader is free next; reads wait their turn in the order they were asked for. */
export interface ReadLanes {
  <T>(read: (db: DbOrTx) => Promise<T>): Promise<T>;
  /** How many reads can run at once: a long read may be split into this many parts. */
  width: number;
}

/**
 * Like Promise.all, but settles only when every read has: a failed read does not leave the others running on a
 * transaction that is about to end. The first failure is thrown.
 */
export async function allRead<T extends readonly unknown[] | []>(reads: T): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }> {
  const outcomes = (await Promise.allSettled(reads)) as PromiseSettledResult<unknown>[];
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  return outcomes.map((o) => (o as PromiseFulfilledResult<unknown>).value) as { -readonly [P in keyof T]: Awaited<T[P]> };
}

/** Lanes over these connections; after a read fails, the reads still waiting are not started. */
export function readLanes(readers: DbOrTx[]): ReadLanes {
  const free = [...readers];
  const waiting: ((db: DbOrTx) => void)[] = [];
  let failure: unknown;
  const release = (db: DbOrTx) => {
    const next = waiting.shift();
    if (next) next(db);
    else free.push(db);
  };
  const lanes = async <T>(read: (db: DbOrTx) => Promise<T>): Promise<T> => {
    const db = free.pop() ?? (await new Promise<DbOrTx>((resolve) => waiting.push(resolve)));
    try {
      if (failure !== undefined) throw failure;
      return await read(db);
    } catch (err) {
      failure ??= err;
      throw err;
    } finally {
      release(db);
    }
  };
  return Object.assign(lanes, { width: readers.length });
}

/** Reads through one connection, one at a time (PGlite, a request's own report, or no connection to spare). */
export const singleLane = (db: DbOrTx): ReadLanes => readLanes([db]);

/**
 * Reads that see exactly what `tx` sees, run side by side on `count` connections of the pool: `tx` exports its
 * snapshot and each connection opens a read-only REPEATABLE READ transaction on it (SET TRANSACTION SNAPSHOT, as
 * pg_dump's parallel workers do). The monthly job's statements over a million items, one after the other, took a
 * fifth longer on two cores than side by side (docs/performance.md, "The monthly job"). Without a pool (PGlite is one
 * connection), or when the pool has no connection to spare within a second, the reads run one at a time on `tx`
 * itself; `settings` are applied to every reader's transaction (`set_config(…, true)`).
 */
export async function withSnapshotReaders<T>(
  tx: Tx,
  { pool, count, settings = {} }: { pool?: pg.Pool; count: number; settings?: Record<string, string> },
  work: (read: ReadLanes) => Promise<T>,
): Promise<T> {
  if (!pool || count < 2) return work(singleLane(tx));
  const clients = await connectSpare(pool, count);
  if (clients.length === 0) return work(singleLane(tx));
  try {
    const { rows } = await tx.execute<{ id: string }>(sql`SELECT pg_export_snapshot() AS id`);
    for (const client of clients) {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      // A snapshot's name is PostgreSQL's own ('00000003-0000001B-1'); SET takes no parameters.
      await client.query(`SET TRANSACTION SNAPSHOT '${rows[0].id.replace(/[^\w-]/g, '')}'`);
      for (const [name, value] of Object.entries(settings)) await client.query('SELECT set_config($1, $2, true)', [name, value]);
    }
    return await work(readLanes(clients.map((client) => drizzle({ client, schema }))));
  } finally {
    await Promise.all(clients.map((client) => client.query('ROLLBACK').then(() => client.release(), (err: Error) => client.release(err))));
  }
}

/** Up to `count` connections, each asked for with a short wait: a busy pool serves requests, not this job. */
async function connectSpare(pool: pg.Pool, count: number) {
  const clients: pg.PoolClient[] = [];
  for (let i = 0; i < count; i++) {
    const connecting = pool.connect();
    const client = await Promise.race([connecting, new Promise<null>((resolve) => setTimeout(resolve, 1000, null).unref())]);
    if (client) {
      clients.push(client);
      continue;
    }
    // Given up on: the connection, when it comes, goes straight back.
    connecting.then((late) => late.release(), () => undefined);
    break;
  }
  return clients;
}
