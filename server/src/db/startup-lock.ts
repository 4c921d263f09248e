import type { Database } from './client.js';

// An arbitrary constant, the same in every instance: pg_advisory_lock's key for "starting up on this database".
const startupLockKey = 720_2026_20;

/**
 * Runs `fn` holding a PostgreSQL advisory lock on its own connection, so that instances started at the same moment
 * on one database apply the migrations and seed the demo data one after the other: the second finds the work done.
 * PGlite belongs to one process and needs none.
 */
export async function withStartupLock<T>(database: Pick<Database, 'pool'>, fn: () => Promise<T>): Promise<T> {
  if (!database.pool) return fn();
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [startupLockKey]);
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [startupLockKey]);
    }
  } finally {
    client.release();
  }
}
