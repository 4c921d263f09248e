import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';

describe('answers the framework gives before routing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['a lone surrogate escaped in a path parameter', '/api/items/%ED%A0%80'],
    ['an escape that is not UTF-8', '/api/items/%C0%AF'],
    ['a cut escape', '/api/reviews/%E4%B8'],
  ])('when the URL holds %s, it answers 400 in the house format with the security headers and request id', async (_case, url) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { 'x-request-id': 'req-bad-url' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'common.bad_url', message: expect.stringMatching(/[\u4e00-\u9fa5]/) } });
    expect(res.headers['x-request-id']).toBe('req-bad-url');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('when an unknown route is asked for, the 404 carries the security headers too', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/api/nowhere/at/all' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('common.not_found');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  describe('requests the HTTP parser refuses', () => {
    let port: number;
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as { port: number }).port;
    });

    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(request));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });

    it.each([
      ['a malformed header line', 'GET /api/health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n', 400, 'common.bad_request'],
      ['headers over the limit', `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'common.headers_too_large'],
    ])('when a request has %s, it answers %i in the house format with nosniff', async (_case, request, status, code) => {
      const answer = await raw(request);
      const [head, body] = answer.split('\r\n\r\n');
      expect(head.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Request Header Fields Too Large'}`);
      expect(head.toLowerCase()).toContain('x-content-type-options: nosniff');
      expect(head.toLowerCase()).toMatch(/x-request-id: [0-9a-f-]{36}/);
      expect(JSON.parse(body)).toEqual({ error: { code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) } });
    });
  });
});
