import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { repoRoot } from '../lib/paths.js';
import { prepareStatements } from './prepared-statements.js';
import * as schema from './schema.js';

export const migrationsFolder = join(repoRoot, 'migrations');

// Both drivers expose the same query builder; the node-postgres type is the one the code names.
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The pg pool, for work the query builder does poorly (COPY); absent on PGlite. */
  pool?: pg.Pool;
}

export interface DatabaseOptions {
  /** `postgres://…` for a server; otherwise PGlite. */
  url?: string;
  /** PGlite data directory; omitted means in memory. */
  dataDir?: string;
  /** PGlite only: start from this dump (`dumpDataDir`) instead of an empty cluster. */
  loadDataDir?: Blob;
  poolSize?: number;
  onPoolError?: (err: Error) => void;
}

// DATE columns come back as 'YYYY-MM-DD' strings, not Date objects at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export async function createDatabase({ url, dataDir, loadDataDir, poolSize = 10, onPoolError }: DatabaseOptions): Promise<Database> {
  if (url) {
    // Statements run prepared (see prepared-statements.ts); those with a pattern match are planned with their values
    // on every execution, since a plan made once for any value cannot use the path index for a subtree's prefix (a
    // mid-tree list went from 2 to 14 ms of database time when it was).
    // No JIT: a list's total is a COALESCE whose count branch rarely runs, yet its estimate alone crossed the JIT
    // threshold and compiled every whole-committee page (38 ms of 79 ms at 1,000,000 items).
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      options: '-c jit=off',
    });
    // An idle client losing its connection (server restart) emits here; without a listener the process would crash.
    pool.on('error', (err) => onPoolError?.(err));
    // A client checked out of the pool (in a transaction) has no pool listener: a server restart at that moment
    // would be an uncaught 'error' that ends the process. Its next query fails instead and answers 503.
    // Drizzle also runs BEGIN before its try/finally, so a BEGIN that fails on a dropped connection never releases
    // its client: each restart would shrink the pool until no request gets one. A broken client that is checked out
    // is handed back here, and the release Drizzle may still make becomes a no-op.
    const checkedOut = new Set<pg.PoolClient>();
    pool.on('acquire', (client) => checkedOut.add(client));
    pool.on('release', (_err, client) => checkedOut.delete(client));
    pool.on('connect', (client) => {
      prepareStatements(client);
      client.on('error', (err) => {
        onPoolError?.(err);
        if (!checkedOut.delete(client)) return;
        const release = client.release.bind(client);
        client.release = () => undefined;
        release(err);
      });
    });
    const db = drizzlePg({ client: pool, schema });
    return {
      db,
      driver: 'postgres',
      pool,
      migrate: () => migratePg(db, { migrationsFolder }),
      close: () => pool.end(),
    };
  }
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // PGlite weighs some 25 MB once loaded; a server on PostgreSQL never needs it.
  const [{ PGlite }, { pg_trgm }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const client = await PGlite.create({
    dataDir,
    loadDataDir,
    extensions: { pg_trgm },
    parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v), 1700: (v: string) => Number(v) },
  });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => client.close(),
  };
}
