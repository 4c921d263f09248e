import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DbOrTx } from './client.js';
import { allRead, withSnapshotReaders } from './snapshot-readers.js';
import { createTestDatabase } from '../test/test-db.js';

const pidOf = async (db: DbOrTx) => Number((await db.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`)).rows[0].pid);
const countOf = async (db: DbOrTx) => Number((await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM snapshot_probe`)).rows[0].n);

describe('reads on a transaction’s snapshot', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.execute(sql`CREATE TABLE snapshot_probe (n int)`);
  });
  afterAll(() => database.close());

  it('when there is no pool (PGlite) or no reader is asked for, the reads run one at a time on the transaction, in order', async () => {
    const order: string[] = [];
    await database.db.transaction(async (tx) => {
      const txPid = await pidOf(tx);
      await withSnapshotReaders(tx, { count: 2 }, async (read) => {
        const pids = await allRead([
          read(async (db) => (order.push('a'), pidOf(db))),
          read(async (db) => (order.push('b'), pidOf(db))),
          read(async (db) => (order.push('c'), pidOf(db))),
        ]);
        expect(pids).toEqual([txPid, txPid, txPid]);
      });
    });
    expect(order).toEqual(['a', 'b', 'c']);
  });

  describe.skipIf(!process.env.DATABASE_URL)('on a PostgreSQL server', () => {
    it('when readers are asked for, reads run on other connections at once and see what the transaction saw when it began them', async () => {
      await database.db.execute(sql`INSERT INTO snapshot_probe VALUES (1), (2)`);
      await database.db.transaction(async (tx) => {
        const txPid = await pidOf(tx);
        await withSnapshotReaders(tx, { pool: database.pool, count: 2, settings: { work_mem: '64MB' } }, async (read) => {
          // Committed elsewhere after the snapshot was taken: none of the readers see it.
          await database.db.execute(sql`INSERT INTO snapshot_probe VALUES (3)`);
          const [a, b] = await allRead([
            read(async (db) => ({ pid: await pidOf(db), n: await countOf(db), sleep: await db.execute(sql`SELECT pg_sleep(0.2)`) })),
            read(async (db) => ({ pid: await pidOf(db), n: await countOf(db), workMem: (await db.execute<{ w: string }>(sql`SELECT current_setting('work_mem') AS w`)).rows[0].w })),
          ]);
          expect([a.n, b.n]).toEqual([2, 2]);
          expect(new Set([a.pid, b.pid, txPid]).size).toBe(3);
          expect(b.workMem).toBe('64MB');
        });
        // The transaction itself reads committed data again with each statement.
        expect(await countOf(tx)).toBe(3);
      });
      await database.db.execute(sql`DELETE FROM snapshot_probe`);
    });

    it('when a read fails, the reads still waiting are not started, the failure is thrown and the connections go back to the pool', async () => {
      const started: string[] = [];
      const failing = database.db.transaction(async (tx) =>
        withSnapshotReaders(tx, { pool: database.pool, count: 1 }, (read) =>
          allRead([
            read(async (db) => (started.push('bad'), db.execute(sql`SELECT 1 / 0`))),
            read(async (db) => (started.push('after'), db.execute(sql`SELECT 1`))),
          ]),
        ),
      );
      await expect(failing).rejects.toMatchObject({ cause: { code: '22012' } }); // division by zero
      expect(started).toEqual(['bad']);
      const pool = database.pool!;
      expect(pool.waitingCount).toBe(0);
      expect(pool.idleCount).toBe(pool.totalCount);
      // Each returned connection is out of its snapshot's transaction and answers normally.
      expect(await countOf(database.db)).toBe(0);
    });

    it('when the pool has no connection to spare, the reads run on the transaction itself', async () => {
      const pool = database.pool!;
      const held = await Promise.all(Array.from({ length: pool.options.max - 1 }, () => pool.connect()));
      try {
        await database.db.transaction(async (tx) => {
          const txPid = await pidOf(tx);
          const pids = await withSnapshotReaders(tx, { pool, count: 2 }, (read) => allRead([read(pidOf), read(pidOf)]));
          expect(pids).toEqual([txPid, txPid]);
        });
      } finally {
        held.forEach((client) => client.release());
      }
      // The connection given up on went back to the pool when it came.
      await expect.poll(() => pool.waitingCount).toBe(0);
    });
  });
});
