import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { settings } from '../settings/settings.table.js';

/** The sign-in settings share the `settings` table, one row per key (`signin.methods`, `signin.oidc`, `signin.ldap`). */
export function createSignInRepository({ db }: { db: DbOrTx }) {
  return {
    async read(keys: string[]) {
      const rows = await db.select().from(settings).where(inArray(settings.key, keys));
      return { values: Object.fromEntries(rows.map((r) => [r.key, r.value])) as Record<string, unknown> };
    },

    async write(key: string, value: unknown) {
      await db
        .insert(settings)
        .values({ key, value })
        .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedAt: sql`now()` } });
    },

    async remove(key: string) {
      await db.delete(settings).where(eq(settings.key, key));
    },
  };
}
