import type { AuthUser } from './auth.js';

export interface CachedSession {
  user: AuthUser;
  tokenVersion: number;
  disabled: boolean;
  at: number;
}

/**
 * Keeps the user behind an access token for a few seconds, so the hot read paths skip one query per request.
 * Every change that ends a session or moves a scope clears the entry in this process after its commit; another
 * API instance sees such a change within `SESSION_CACHE_TTL_MS` at most. Whether a refresh chain (the family an
 * access token names) still stands is kept the same way: revoking a chain marks it ended here at once, and another
 * instance refuses that chain's access tokens within the same window. The same holds for a new organization below one that
 * was a leaf (`AuthUser.orgIsLeaf`): for that long at most, another instance lists that leaf's own items without
 * those of the organization just created below it, which can hardly have any yet; never anything out of scope.
 */
export const SESSION_CACHE_TTL_MS = 3000;

const caches = new WeakMap<object, { entries: Map<number, CachedSession>; families: Map<string, { live: boolean; at: number }> }>();

export function sessionCache(db: object) {
  let cache = caches.get(db);
  if (!cache) {
    cache = { entries: new Map(), families: new Map() };
    caches.set(db, cache);
  }
  const { entries, families } = cache;
  return {
    /** Whether the refresh chain still stands, as last read; undefined when not known (or known too long ago). */
    familyLive(familyId: string, now = Date.now()): boolean | undefined {
      const entry = families.get(familyId);
      if (entry && now - entry.at < SESSION_CACHE_TTL_MS) return entry.live;
      if (entry) families.delete(familyId);
      return undefined;
    },
    setFamily(familyId: string, live: boolean, now = Date.now()) {
      if (families.size > 10000) families.clear();
      families.set(familyId, { live, at: now });
    },
    /** The chain was revoked: its access tokens end in this process now (the database says so to the others). */
    endFamily(familyId: string, now = Date.now()) {
      families.set(familyId, { live: false, at: now });
    },
    get(userId: number, now = Date.now()): CachedSession | undefined {
      const entry = entries.get(userId);
      if (entry && now - entry.at < SESSION_CACHE_TTL_MS) return entry;
      if (entry) entries.delete(userId);
      return undefined;
    },
    set(userId: number, entry: Omit<CachedSession, 'at'>, now = Date.now()) {
      // Bounded: a burst of distinct users cannot grow the map without limit.
      if (entries.size > 10000) entries.clear();
      entries.set(userId, { ...entry, at: now });
    },
    invalidate(userId: number) {
      entries.delete(userId);
    },
    clear() {
      entries.clear();
      families.clear();
    },
  };
}
