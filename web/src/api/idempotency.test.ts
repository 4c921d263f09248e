// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createApiClient } from './client';
import { ApiError } from './errors';
import { createSubmitKey, IDEMPOTENCY_HEADER, isCreatingRequest } from './idempotency';
import { createTokenStore } from './tokens';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The network boundary: records what each request carried and answers from a script. */
function recordingFetch(answer: (path: string, call: number) => Response) {
  const sent: Array<{ path: string; key: string | null }> = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    sent.push({ path, key: new Headers(init?.headers).get(IDEMPOTENCY_HEADER) });
    return answer(path, sent.length);
  }) as typeof fetch;
  return { sent, fetchImpl };
}

function clientWith(fetchImpl: typeof fetch) {
  const tokens = createTokenStore(null);
  tokens.set({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  return createApiClient({ tokens, baseUrl: 'http://api.test', fetch: fetchImpl, lock: (task) => task() });
}

describe('Idempotency-Key from the api client', () => {
  it('when it creates something, it sends a fresh UUID key with each call', async () => {
    const { sent, fetchImpl } = recordingFetch(() => json(201, { id: 1 }));
    const client = clientWith(fetchImpl);
    await client.post('/api/items', { description: 'x' });
    await client.post('/api/items/7/progress', { content: 'y' });
    expect(sent.map((s) => s.key)).toEqual([expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/), expect.any(String)]);
    expect(sent[0].key).not.toBe(sent[1].key);
  });

  it('when it reads, edits or runs a transition, it sends no key', async () => {
    const { sent, fetchImpl } = recordingFetch(() => json(200, {}));
    const client = clientWith(fetchImpl);
    await client.get('/api/items');
    await client.patch('/api/items/3', { version: 1 });
    await client.post('/api/items/3/transitions', { action: 'start' });
    expect(sent.map((s) => s.key)).toEqual([null, null, null]);
  });

  it('when the call is sent again after a token refresh, it carries the same key', async () => {
    const { sent, fetchImpl } = recordingFetch((path, call) => {
      if (path === '/api/auth/refresh') return json(200, { accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 900 });
      return call === 1 ? json(401, { error: { code: 'auth.token_expired', message: '登录已过期' } }) : json(201, { id: 1 });
    });
    await clientWith(fetchImpl).post('/api/notices', { itemIds: [1] });
    const keys = sent.filter((s) => s.path === '/api/notices').map((s) => s.key);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
  });

  it('when a form resends after a lost answer, it reuses its key; after an answer it takes a new one', async () => {
    const { sent, fetchImpl } = recordingFetch(() => json(201, { id: 1 }));
    const client = clientWith(fetchImpl);
    const submitKey = createSubmitKey();
    const first = submitKey.value;
    submitKey.settle(new ApiError({ status: 0, code: 'client.network', message: '无法连接服务器' }));
    await client.post('/api/items', { description: 'x' }, { idempotencyKey: submitKey.value });
    submitKey.settle(new ApiError({ status: 503, code: 'common.db_unavailable', message: '数据库暂时不可用' }));
    await client.post('/api/items', { description: 'x' }, { idempotencyKey: submitKey.value });
    expect(sent.map((s) => s.key)).toEqual([first, first]);
    submitKey.settle();
    expect(submitKey.value).not.toBe(first);
    const second = submitKey.value;
    submitKey.settle(new ApiError({ status: 400, code: 'common.validation', message: '请求参数不合法' }));
    expect(submitKey.value).not.toBe(second);
  });

  it('knows which POSTs create', () => {
    expect(['/api/items', '/api/items/batch', '/api/items/4/progress', '/api/items/4/evidence', '/api/notices', '/api/reviews/2/items', '/api/items/import'].every((p) => isCreatingRequest('POST', p))).toBe(true);
    expect(['/api/items/4/transitions', '/api/notices/3/reply', '/api/auth/login'].some((p) => isCreatingRequest('POST', p))).toBe(false);
    expect(isCreatingRequest('GET', '/api/items')).toBe(false);
  });
});
