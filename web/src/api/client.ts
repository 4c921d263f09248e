import type { TokenPair } from '@rectify/shared';
import { ApiError } from './errors';
import { IDEMPOTENCY_HEADER, isCreatingRequest, newIdempotencyKey } from './idempotency';
import type { TokenStore } from './tokens';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Send the bearer token and refresh it when it has expired; false for login and other public calls. */
  auth?: boolean;
  signal?: AbortSignal;
  /** 'response' hands back the successful Response itself, for files (blobs) rather than JSON. */
  as?: 'json' | 'response';
  /** The Idempotency-Key of a creating POST; one is made per call when omitted (see idempotency.ts). */
  idempotencyKey?: string;
}

export interface ApiClientOptions {
  tokens: TokenStore;
  /** Empty in the browser (same origin); a full origin in tests. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Turns an error code into the user's language; `fallback` is the server's message. */
  translate?: (code: string, fallback: string) => string;
  /** Runs a refresh under a lock shared with other tabs, so two tabs never spend the same refresh token. */
  lock?: <T>(task: () => Promise<T>) => Promise<T>;
}

/** The access token is stale or unreadable: a refresh may fix it. Any other 401 means the session is gone. */
const REFRESHABLE = new Set(['auth.token_expired', 'auth.invalid_token']);

function browserLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request('rectify.refresh', task) : task();
}

/**
 * One fetch-based client for the API. It attaches the bearer token; on a 401 for an expired token it refreshes
 * once (concurrent calls share that refresh), retries once, and when the refresh is refused it ends the session.
 */
export function createApiClient({ tokens, baseUrl = '', fetch: fetchImpl, translate = (_code, fallback) => fallback, lock = browserLock }: ApiClientOptions) {
  const sessionEndedListeners = new Set<(reason: ApiError) => void>();
  const refreshedListeners = new Set<(pair: TokenPair) => void>();
  let refreshing: Promise<void> | null = null;

  function buildUrl(path: string, query?: Record<string, QueryValue>) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return `${baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  async function send(path: string, options: RequestOptions, accessToken: string | null): Promise<Response> {
    const headers: Record<string, string> = { accept: options.as === 'response' ? '*/*' : 'application/json' };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    // A FormData body (file uploads) sets its own multipart content type with the boundary.
    const isForm = typeof FormData !== 'undefined' && options.body instanceof FormData;
    if (options.body !== undefined && !isForm) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers[IDEMPOTENCY_HEADER] = options.idempotencyKey;
    try {
      return await (fetchImpl ?? globalThis.fetch)(buildUrl(path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : isForm ? (options.body as FormData) : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err;
      throw new ApiError({ status: 0, code: 'client.network', message: translate('client.network', '无法连接服务器，请检查网络') });
    }
  }

  async function toError(res: Response): Promise<ApiError> {
    const body = (await res.json().catch(() => undefined)) as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
    const error = body?.error;
    if (error && typeof error.code === 'string') {
      const serverMessage = typeof error.message === 'string' ? error.message : undefined;
      return new ApiError({ status: res.status, code: error.code, message: translate(error.code, serverMessage ?? error.code), serverMessage, details: error.details });
    }
    return new ApiError({ status: res.status, code: 'client.bad_response', message: translate('client.bad_response', `HTTP ${res.status}`) });
  }

  async function parse<T>(res: Response): Promise<T> {
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw new ApiError({ status: res.status, code: 'client.bad_response', message: translate('client.bad_response', `HTTP ${res.status}`) });
    }
  }

  function endSession(reason: ApiError) {
    // Idempotent: several calls failing together end the session, and notify, once.
    if (tokens.access === null && tokens.refresh === null) return;
    tokens.clear();
    for (const listener of sessionEndedListeners) listener(reason);
  }

  async function refreshNow(staleToken: string | null): Promise<void> {
    // Another tab may have refreshed while this one waited for the lock.
    if (tokens.access !== staleToken) return;
    const refreshToken = tokens.refresh;
    if (!refreshToken) {
      const reason = new ApiError({ status: 401, code: 'auth.session_ended', message: translate('auth.session_ended', '会话已结束，请重新登录') });
      endSession(reason);
      throw reason;
    }
    const res = await send('/api/auth/refresh', { method: 'POST', body: { refreshToken } }, null);
    if (!res.ok) {
      const reason = await toError(res);
      // Only a refusal ends the session; a 5xx or a rate limit leaves it for the next try.
      if (res.status === 400 || res.status === 401) endSession(reason);
      throw reason;
    }
    const pair = await parse<TokenPair>(res);
    tokens.set(pair);
    for (const listener of refreshedListeners) listener(pair);
  }

  /** Refreshes unless the token that failed was already replaced; every caller waiting at once shares one refresh. */
  async function refreshAfter(staleToken: string | null): Promise<void> {
    if (tokens.access !== null && tokens.access !== staleToken) return;
    refreshing ??= lock(() => refreshNow(staleToken)).finally(() => {
      refreshing = null;
    });
    await refreshing;
  }

  async function request<T>(path: string, given: RequestOptions = {}): Promise<T> {
    // One key for the call, so the send after a token refresh is the same request to the server.
    const creating = isCreatingRequest(given.method ?? 'GET', path);
    const options = creating && !given.idempotencyKey ? { ...given, idempotencyKey: newIdempotencyKey() } : given;
    const auth = options.auth ?? true;
    const usedToken = auth ? tokens.access : null;
    let res = await send(path, options, usedToken);
    if (res.status === 401 && auth) {
      const error = await toError(res);
      if (!REFRESHABLE.has(error.code) || tokens.refresh === null) {
        endSession(error);
        throw error;
      }
      await refreshAfter(usedToken);
      res = await send(path, options, tokens.access);
      if (res.status === 401) {
        const retryError = await toError(res);
        endSession(retryError);
        throw retryError;
      }
    }
    if (!res.ok) throw await toError(res);
    if (options.as === 'response') return res as T;
    return parse<T>(res);
  }

  return {
    request,
    get: <T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...options, method: 'GET' }),
    post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...options, method: 'POST', body }),
    patch: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...options, method: 'PATCH', body }),
    put: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...options, method: 'PUT', body }),
    /** A file from the API with the bearer token (and its refresh), as a Response to read as a blob. */
    file: (path: string, options: Omit<RequestOptions, 'method' | 'body' | 'as'> = {}) => request<Response>(path, { ...options, method: 'GET', as: 'response' }),
    delete: <T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...options, method: 'DELETE' }),
    /** Called once when the session can no longer be used (refresh refused, session ended on the server). */
    onSessionEnded(listener: (reason: ApiError) => void) {
      sessionEndedListeners.add(listener);
      return () => sessionEndedListeners.delete(listener);
    },
    onRefreshed(listener: (pair: TokenPair) => void) {
      refreshedListeners.add(listener);
      return () => refreshedListeners.delete(listener);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
