import type { DbOrTx } from '../../db/client.js';
import type { AssistedItems } from './items-assist.query.js';

/**
 * What each scope assists, kept for a few seconds: every ledger page below the committee asks, nearly always to hear
 * "nothing", and the question was a statement planned afresh each time (a sixth of the database's time on a mid-tree
 * page at 1,000,000 items). A change to any item's 协办 made through this instance forgets every answer at once;
 * another instance sees it within CACHE_MS, as it sees settings and the calendar (docs/operations.md).
 */
const CACHE_MS = 5000;
/** Past this many scopes, answers older than CACHE_MS are dropped before another is kept. */
const SWEEP_AT = 1000;

let generation = 0;
const cache = new WeakMap<object, Map<string, { at: number; generation: number; value: AssistedItems }>>();

export async function cachedAssisted(db: DbOrTx, scopePath: string, read: () => Promise<AssistedItems>): Promise<AssistedItems> {
  let byScope = cache.get(db);
  if (!byScope) cache.set(db, (byScope = new Map()));
  const now = Date.now();
  const hit = byScope.get(scopePath);
  if (hit && hit.generation === generation && now - hit.at < CACHE_MS) return hit.value;
  const asked = generation;
  const value = await read();
  if (byScope.size >= SWEEP_AT) for (const [key, entry] of byScope) if (now - entry.at >= CACHE_MS || entry.generation !== generation) byScope.delete(key);
  // An answer read while a change was being written is not kept.
  if (asked === generation) byScope.set(scopePath, { at: now, generation, value });
  return value;
}

/** Called by every write to `item_assist_orgs`. */
export function forgetAssisted() {
  generation++;
}
