import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** True when an organization path lies in a scope path (the node itself or below it). */
export function pathInScope(scopePath: string, path: string): boolean {
  return path.startsWith(scopePath);
}

/** The organization a path ends with: `/1/5/23/` → 23. */
export const orgIdOfPath = (path: string) => Number(path.split('/').filter(Boolean).at(-1));

/** `column LIKE 'scope%'`; the paths hold only digits and slashes, so no LIKE escaping is needed. */
export function underPath(column: PgColumn | SQL, scopePath: string): SQL {
  if (!/^[\d/]+$/.test(scopePath)) throw new Error('invalid organization path');
  return sql`${column} LIKE ${scopePath + '%'}`;
}
