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
 * API instance sees such a change within `TTL_MS` at most.
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
