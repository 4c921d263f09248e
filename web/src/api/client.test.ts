// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from './client';
import { ApiError } from './errors';
import { createTokenStore } from './tokens';

/**
 * A small real HTTP server that behaves like the API's token handling: single-use rotating refresh tokens,
 * 401 `auth.token_expired` for an access token it no longer accepts.
 */
function createTokenServer() {
  const state = { generation: 1, validAccess: new Set(['access-1']), refreshToken: 'refresh-1', refreshCalls: 0, refuseRefresh: false, refreshDelayMs: 20 };
  const user = { id: 1, username: 'branch', displayName: '王经办', role: 'branch', orgId: 3, orgName: '江川市公安局党委', permissions: ['session'] };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });
  const readBody = async (req: IncomingMessage) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    const authorized = () => {
      if (!bearer) return fail(res, 401, 'auth.unauthenticated', '请先登录'), false;
      if (!state.validAccess.has(bearer)) return fail(res, 401, 'auth.token_expired', '登录已过期，请重新登录'), false;
      return true;
    };
    switch (`${req.method} ${req.url?.split('?')[0]}`) {
      case 'POST /api/auth/refresh': {
        state.refreshCalls += 1;
        const { refreshToken } = await readBody(req);
        await sleep(state.refreshDelayMs);
        if (state.refuseRefresh || refreshToken !== state.refreshToken) return fail(res, 401, 'auth.refresh_invalid', '刷新凭证无效或已过期，请重新登录');
        state.generation += 1;
        const accessToken = `access-${state.generation}`;
        state.validAccess.add(accessToken);
        state.refreshToken = `refresh-${state.generation}`;
        return send(res, 200, { accessToken, refreshToken: state.refreshToken, expiresIn: 900, user });
      }
      case 'POST /api/auth/login':
        return fail(res, 401, 'auth.invalid_credentials', '用户名或密码错误');
      case 'GET /api/things':
        if (authorized()) send(res, 200, { token: bearer, query: req.url?.split('?')[1] ?? '' });
        return;
      case 'GET /api/slow':
        await sleep(100);
        if (authorized()) send(res, 200, { token: bearer });
        return;
      case 'GET /api/always-expired':
        return fail(res, 401, 'auth.token_expired', '登录已过期，请重新登录');
      case 'GET /api/ended':
        return fail(res, 401, 'auth.session_ended', '会话已结束，请重新登录');
      case 'GET /api/conflict':
        return fail(res, 409, 'users.username_taken', '用户名已被使用');
      case 'GET /api/unknown-code':
        return fail(res, 409, 'items.something_new', '服务器的新错误');
      case 'GET /api/proxy-error':
        res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>');
        return;
      default:
        return fail(res, 404, 'common.not_found', '请求的资源不存在');
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  return {
    state,
    /** The access token in the client's hands stops being accepted, as when it expires. */
    expireAccess: () => state.validAccess.clear(),
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const tokenServer = createTokenServer();
let baseUrl = '';

beforeAll(async () => {
  baseUrl = await tokenServer.start();
});
afterAll(() => tokenServer.stop());

function setup(options: { translate?: (code: string, fallback: string) => string } = {}) {
  const tokens = createTokenStore(null);
  tokens.set({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  const client = createApiClient({ tokens, baseUrl, translate: options.translate });
  const sessionEnded = vi.fn();
  client.onSessionEnded(sessionEnded);
  return { tokens, client, sessionEnded };
}

beforeEach(() => {
  Object.assign(tokenServer.state, { generation: 1, validAccess: new Set(['access-1']), refreshToken: 'refresh-1', refreshCalls: 0, refuseRefresh: false });
});

describe('api client', () => {
  it('when signed in, it sends the bearer token and the query', async () => {
    const { client } = setup();
    await expect(client.get('/api/things', { query: { page: 2, q: '', role: undefined } })).resolves.toEqual({ token: 'access-1', query: 'page=2' });
    expect(tokenServer.state.refreshCalls).toBe(0);
  });

  it('when the access token expired, it refreshes once, stores the new pair and retries', async () => {
    const { client, tokens } = setup();
    tokenServer.expireAccess();
    await expect(client.get('/api/things')).resolves.toMatchObject({ token: 'access-2' });
    expect(tokenServer.state.refreshCalls).toBe(1);
    expect({ access: tokens.access, refresh: tokens.refresh }).toEqual({ access: 'access-2', refresh: 'refresh-2' });
  });

  it('when several calls find the token expired at once, they all wait for one refresh', async () => {
    const { client } = setup();
    tokenServer.expireAccess();
    const results = await Promise.all(Array.from({ length: 5 }, () => client.get<{ token: string }>('/api/things')));
    expect(results.map((r) => r.token)).toEqual(Array(5).fill('access-2'));
    expect(tokenServer.state.refreshCalls).toBe(1);
  });

  it('when a 401 arrives after another call already refreshed, it retries with the new token and does not spend the used refresh token', async () => {
    const { client, sessionEnded } = setup();
    tokenServer.expireAccess();
    const [slow, fast] = await Promise.all([client.get<{ token: string }>('/api/slow'), client.get<{ token: string }>('/api/things')]);
    expect([slow.token, fast.token]).toEqual(['access-2', 'access-2']);
    expect(tokenServer.state.refreshCalls).toBe(1);
    expect(sessionEnded).not.toHaveBeenCalled();
  });

  it('when the refresh is refused, every waiting call fails, the tokens are cleared and the session ends once', async () => {
    const { client, tokens, sessionEnded } = setup();
    tokenServer.expireAccess();
    tokenServer.state.refuseRefresh = true;
    const results = await Promise.allSettled([client.get('/api/things'), client.get('/api/things'), client.get('/api/slow')]);
    const reasons = results.map((result) => (result.status === 'rejected' ? (result.reason as ApiError) : null));
    // The two that waited for the refresh share its refusal; the late one finds the session already gone.
    expect(reasons.map((reason) => [reason?.status, reason?.code])).toEqual([
      [401, 'auth.refresh_invalid'],
      [401, 'auth.refresh_invalid'],
      [401, 'auth.token_expired'],
    ]);
    expect(tokenServer.state.refreshCalls).toBe(1);
    expect(sessionEnded).toHaveBeenCalledTimes(1);
    expect([tokens.access, tokens.refresh]).toEqual([null, null]);
  });

  it('when the retried call is refused again, it does not refresh a second time and ends the session', async () => {
    const { client, sessionEnded } = setup();
    await expect(client.get('/api/always-expired')).rejects.toMatchObject({ code: 'auth.token_expired' });
    expect(tokenServer.state.refreshCalls).toBe(1);
    expect(sessionEnded).toHaveBeenCalledTimes(1);
  });

  it('when the server says the session ended, it does not try to refresh', async () => {
    const { client, sessionEnded, tokens } = setup();
    await expect(client.get('/api/ended')).rejects.toMatchObject({ status: 401, code: 'auth.session_ended' });
    expect(tokenServer.state.refreshCalls).toBe(0);
    expect(sessionEnded).toHaveBeenCalledTimes(1);
    expect(tokens.refresh).toBeNull();
  });

  it('when a public call such as login answers 401, it neither refreshes nor ends the session', async () => {
    const { client, sessionEnded, tokens } = setup();
    await expect(client.post('/api/auth/login', { username: 'a', password: 'b' }, { auth: false })).rejects.toMatchObject({ code: 'auth.invalid_credentials', message: '用户名或密码错误' });
    expect(tokenServer.state.refreshCalls).toBe(0);
    expect(sessionEnded).not.toHaveBeenCalled();
    expect(tokens.access).toBe('access-1');
  });

  it('translates the error code, and falls back to the server message for a code it does not know', async () => {
    const translate = (code: string, fallback: string) => (code === 'users.username_taken' ? 'Username taken' : fallback);
    const { client } = setup({ translate });
    const known = await client.get('/api/conflict').catch((err: unknown) => err);
    expect(known).toBeInstanceOf(ApiError);
    expect(known).toMatchObject({ status: 409, code: 'users.username_taken', message: 'Username taken', serverMessage: '用户名已被使用' });
    await expect(client.get('/api/unknown-code')).rejects.toMatchObject({ code: 'items.something_new', message: '服务器的新错误' });
  });

  it('when the answer is not in the API error shape, it reports a bad response', async () => {
    const { client } = setup();
    await expect(client.get('/api/proxy-error')).rejects.toMatchObject({ status: 502, code: 'client.bad_response' });
  });

  it('when the server cannot be reached, it reports a network error and keeps the session', async () => {
    const tokens = createTokenStore(null);
    tokens.set({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    const unreachable = createApiClient({ tokens, baseUrl: 'http://127.0.0.1:9' });
    await expect(unreachable.get('/api/things')).rejects.toMatchObject({ status: 0, code: 'client.network' });
    expect(tokens.access).toBe('access-1');
  });
});
