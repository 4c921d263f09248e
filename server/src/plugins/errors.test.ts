import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../test/test-app.js';

describe('error format', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      config: { bodyLimitBytes: 2048 },
      setup: (app) =>
        app.get('/api/test-broken', { config: { permission: 'public' } }, async () => {
          await app.db.execute(sql`SELECT * FROM no_such_table_here`);
        }),
    });
  });
  afterAll(() => t.close());

  const login = (payload: string, contentType = 'application/json') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload, headers: { 'content-type': contentType } });

  it.each([
    ['malformed JSON', () => login('{"username":'), 400, 'common.bad_json'],
    ['__proto__ key', () => login('{"username":"a","password":"b","__proto__":{"admin":true}}'), 400, 'common.forbidden_key'],
    ['constructor.prototype key', () => login('{"username":"a","password":"b","constructor":{"prototype":{"x":1}}}'), 400, 'common.forbidden_key'],
    ['wrong type', () => login('{"username":1,"password":"b"}'), 400, 'common.validation'],
    ['unknown field', () => login('{"username":"a","password":"b","role":"admin"}'), 400, 'common.validation'],
    ['body over the limit', () => login(JSON.stringify({ username: 'a', password: 'x'.repeat(5000) })), 413, 'common.payload_too_large'],
    ['unsupported content type', () => login('username=a', 'text/xml'), 415, 'common.unsupported_media_type'],
  ])('when the request has %s, it answers %i with code %s', async (_case, send, status, code) => {
    const res = await send();
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('when a route does not exist, it answers 404 in the same format', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('common.not_found');
  });

  it('when a query fails inside the server, the 500 shows no SQL, stack or path', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/test-broken' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'common.internal', message: '服务器内部错误，请稍后再试' } });
    expect(res.body).not.toMatch(/no_such_table|SELECT|\/work|at /);
  });

  it('when any response goes out, it carries a request id and helmet headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.json()).toMatchObject({ status: 'ok', database: { reachable: true, migrations: { upToDate: true } } });
    for (const url of ['/api/no-such-route', '/api/test-broken', '/api/items']) {
      const failed = await t.app.inject({ method: 'GET', url, headers: { 'x-request-id': 'req-42' } });
      expect(failed.statusCode).toBeGreaterThanOrEqual(400);
      expect(failed.headers['x-request-id']).toBe('req-42');
    }
  });

  it('when the OpenAPI document is requested, it lists every route with schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/orgs', '/api/orgs/{id}', '/api/users', '/api/health']));
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeTruthy();
  });
});
