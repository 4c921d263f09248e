import type { TokenPair } from '@rectify/shared';

/** Where the access and refresh tokens live between calls and across reloads. */
export interface TokenStore {
  readonly access: string | null;
  readonly refresh: string | null;
  set(tokens: Pick<TokenPair, 'accessToken' | 'refreshToken'>): void;
  clear(): void;
}

const ACCESS_KEY = 'rectify.accessToken';
const REFRESH_KEY = 'rectify.refreshToken';

/**
 * Tokens in Web Storage, read afresh on every access so that a refresh done in another tab is seen here.
 * Falls back to memory when storage is unavailable (some private modes throw on access).
 */
export function createTokenStore(storage?: Storage | null): TokenStore {
  const memory = new Map<string, string>();
  const read = (key: string) => {
    try {
      return storage ? storage.getItem(key) : (memory.get(key) ?? null);
    } catch {
      return memory.get(key) ?? null;
    }
  };
  const write = (key: string, value: string | null) => {
    if (value === null) memory.delete(key);
    else memory.set(key, value);
    try {
      if (value === null) storage?.removeItem(key);
      else storage?.setItem(key, value);
    } catch {
      // Memory keeps the session for this page when storage refuses.
    }
  };
  return {
    get access() {
      return read(ACCESS_KEY);
    },
    get refresh() {
      return read(REFRESH_KEY);
    },
    set({ accessToken, refreshToken }) {
      write(ACCESS_KEY, accessToken);
      write(REFRESH_KEY, refreshToken);
    },
    clear() {
      write(ACCESS_KEY, null);
      write(REFRESH_KEY, null);
    },
  };
}
