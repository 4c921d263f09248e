import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';

/** An identifier from the catalog, quoted for SQL. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table of the app's schema (partitions are reached through their parent), in name order. */
export async function listTables(db: DbOrTx): Promise<string[]> {
  const { rows } = await db.execute<{ name: string }>(sql`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname`);
  return rows.map((r) => r.name);
}

/** The columns a restore writes: generated columns are computed again by the database. */
export async function writableColumns(db: DbOrTx, table: string): Promise<string[]> {
  const { rows } = await db.execute<{ name: string }>(sql`
    SELECT attname AS name FROM pg_attribute
    WHERE attrelid = ${`public.${quoteIdent(table)}`}::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
    ORDER BY attnum`);
  return rows.map((r) => r.name);
}

export interface SequenceState {
  name: string;
  /** Null for a sequence never used: the next value is its start. */
  lastValue: number | null;
}

export async function readSequences(db: DbOrTx): Promise<SequenceState[]> {
  const { rows } = await db.execute<{ name: string; last_value: number | null }>(
    sql`SELECT sequencename AS name, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
  );
  return rows.map((r) => ({ name: r.name, lastValue: r.last_value === null ? null : Number(r.last_value) }));
}

export async function writeSequences(db: DbOrTx, sequences: SequenceState[]): Promise<void> {
  for (const { name, lastValue } of sequences) {
    const target = `public.${quoteIdent(name)}`;
    if (lastValue === null) await db.execute(sql`SELECT setval(${target}::regclass, (SELECT seqstart FROM pg_sequence WHERE seqrelid = ${target}::regclass), false)`);
    else await db.execute(sql`SELECT setval(${target}::regclass, ${lastValue}::bigint, true)`);
  }
}

export interface TableDigest {
  rows: number;
  /** md5 over the sorted md5s of every row's JSON: equal for equal contents whatever the physical order. */
  digest: string;
}

/** Row count and digest of each named table, inside the caller's transaction (and so its snapshot). */
export async function digestsIn(tx: DbOrTx, names: string[]): Promise<Record<string, TableDigest>> {
  await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
  const out: Record<string, TableDigest> = {};
  for (const name of names) {
    const { rows } = await tx.execute<{ rows: number; digest: string }>(
      sql.raw(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS digest FROM (SELECT md5(row_to_json(t)::text) AS h FROM public.${quoteIdent(name)} t) s`,
      ),
    );
    out[name] = { rows: Number(rows[0].rows), digest: rows[0].digest };
  }
  return out;
}

/**
 * Row count and a digest of every table's contents (or those named), read in one snapshot, in UTC so that both
 * sides of a comparison print time stamps alike. Verifies a restore or a move against its source.
 */
export async function digestTables(db: Db, tables?: string[]): Promise<Record<string, TableDigest>> {
  return db.transaction(async (tx) => digestsIn(tx, tables ?? (await listTables(tx))), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
