import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';

const page = '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body></body></html>';
const script = `console.log(${JSON.stringify('整改台账'.repeat(200))});`;
const asset = '/assets/app-abc123.js';

describe('serving the built web app', () => {
  let dist: string;
  let t: TestApp;
  beforeAll(async () => {
    // A dist as the build leaves it: every text file with its brotli and gzip siblings.
    dist = mkdtempSync(join(tmpdir(), 'rectify-dist-'));
    mkdirSync(join(dist, 'assets'));
    for (const [name, text] of [['index.html', page], ['assets/app-abc123.js', script]] as const) {
      writeFileSync(join(dist, name), text);
      writeFileSync(join(dist, `${name}.br`), brotliCompressSync(text));
      writeFileSync(join(dist, `${name}.gz`), gzipSync(text));
    }
    t = await createTestApp({ config: { webDistDir: dist } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends the brotli file to a browser that accepts brotli', async () => {
    const res = await t.app.inject({ url: asset, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.rawPayload.equals(brotliCompressSync(script))).toBe(true);
  });

  it('sends the gzip file to a browser that accepts only gzip', async () => {
    const res = await t.app.inject({ url: asset, headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.rawPayload.equals(gzipSync(script))).toBe(true);
  });

  it('sends the plain file to a client that accepts no encoding', async () => {
    const res = await t.app.inject({ url: asset, headers: { 'accept-encoding': 'identity' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.payload).toBe(script);
  });

  it('lets browsers keep hashed assets for a year without asking again', async () => {
    for (const encoding of ['br', 'identity']) {
      const res = await t.app.inject({ url: asset, headers: { 'accept-encoding': encoding } });
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it.each(['/', '/index.html', '/items', '/items/42/evidence'])('has browsers revalidate the page at %s, compressed too', async (url) => {
    const res = await t.app.inject({ url, headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.rawPayload.equals(brotliCompressSync(page))).toBe(true);
  });

  it('answers a revalidation of the page with 304 and no body', async () => {
    const first = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'br' } });
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('still answers a missing asset and an unknown API path with 404', async () => {
    expect((await t.app.inject({ url: '/assets/gone-000000.js' })).statusCode).toBe(404);
    const api = await t.app.inject({ url: '/api/nowhere' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('common.not_found');
  });
});
