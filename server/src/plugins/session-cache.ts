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
 * API instance sees such a change within `TTL_MS` at most. The same holds for a new organization below one that
 * was a leaf (`AuthUser.orgIsLeaf`): for that long at most, another instance lists that leaf's own items without
 * those of the organization just created below it, which can hardly have any yet; never anything out of scope.
 */
export const SESSION_CACHE_TTL_MS = 3000;

const caches = new WeakMap<object, Map<number, CachedSession>>();

export function sessionCache(db: object) {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const entries = cache;
  return {
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
    },
  };
}
