import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectFileType } from '../files/detect.js';
import { createLocalDiskStorage } from './local-disk.js';
import type { Storage } from './storage.js';

// The store behind a real @fastify/multipart upload, the way the items module will use it.

let root: string;
let app: FastifyInstance;
let storage: Storage;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rectify-upload-'));
  storage = createLocalDiskStorage({ root });
});

afterEach(async () => {
  await app.close();
  await rm(root, { recursive: true, force: true });
});

async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

/** An upload route that stores the first file after content detection and answers FileErrors with their status. */
async function startApp({ multipartFileSize, maxBytes }: { multipartFileSize: number; maxBytes: number }) {
  app = Fastify();
  await app.register(multipart, { limits: { fileSize: multipartFileSize } });
  app.post('/upload', async (request, reply) => {
    const part = await request.file();
    try {
      const stored = await storage.put({ source: part!.file, maxBytes, check: ({ path }) => detectFileType(path) });
      return { key: stored.key, size: stored.size, type: stored.checked };
    } catch (err) {
      const { code, status } = err as { code?: string; status?: number };
      return reply.status(status ?? 500).send({ error: { code: code ?? 'common.internal' } });
    }
  });
}

const boundary = 'rectify-boundary';
const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
const partHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
const body = (content: string) => `${partHead}${content}\r\n--${boundary}--\r\n`;
const bigPdf = `%PDF-1.7\n${'x'.repeat(2 << 20)}`;

describe('uploads through @fastify/multipart', () => {
  it('when the client disconnects mid-upload, the put fails and leaves no temp file', async () => {
    let outcome: Promise<unknown> | undefined;
    app = Fastify();
    await app.register(multipart);
    app.post('/upload', async (request) => {
      const part = await request.file();
      outcome = storage.put({ source: part!.file, maxBytes: 10 << 20 }).then(
        () => 'stored',
        (err: unknown) => err,
      );
      return outcome;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };

    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(`POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${headers['content-type']}\r\nContent-Length: 5000000\r\n\r\n`);
    socket.write(`${partHead}%PDF-1.7\n${'x'.repeat(256 * 1024)}`);
    // Disconnect only once the upload is really being written.
    for (let i = 0; i < 200 && !(await filesOnDisk()).some((name) => name.startsWith('.tmp-')); i++) await sleep(10);
    expect((await filesOnDisk()).some((name) => name.startsWith('.tmp-'))).toBe(true);
    socket.destroy();

    expect(await outcome).toBeInstanceOf(Error);
    expect(await filesOnDisk()).toEqual([]);
  });

  it('when the file exceeds maxBytes, it answers 413 evidence.too_large and stores nothing', async () => {
    await startApp({ multipartFileSize: 10 << 20, maxBytes: 1 << 20 });
    const res = await app.inject({ method: 'POST', url: '/upload', headers, payload: body(bigPdf) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: { code: 'evidence.too_large' } });
    expect(await filesOnDisk()).toEqual([]);
  });

  it("when multipart's own size limit cuts the file, it is refused as too large instead of stored truncated", async () => {
    await startApp({ multipartFileSize: 1 << 20, maxBytes: 10 << 20 });
    const res = await app.inject({ method: 'POST', url: '/upload', headers, payload: body(bigPdf) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: { code: 'evidence.too_large' } });
    expect(await filesOnDisk()).toEqual([]);
  });

  it('when content detection refuses a disguised HTML file, nothing is stored; a real PDF is', async () => {
    await startApp({ multipartFileSize: 1 << 20, maxBytes: 1 << 20 });
    const refused = await app.inject({ method: 'POST', url: '/upload', headers, payload: body('<html><script>alert(1)</script></html>') });
    expect(refused.statusCode).toBe(415);
    expect(refused.json()).toEqual({ error: { code: 'evidence.type_not_allowed' } });
    expect(await filesOnDisk()).toEqual([]);

    const accepted = await app.inject({ method: 'POST', url: '/upload', headers, payload: body('%PDF-1.7\n%%EOF\n') });
    expect(accepted.json()).toMatchObject({ size: 15, type: { mime: 'application/pdf', kind: 'pdf' } });
    expect(await filesOnDisk()).toHaveLength(1);
  });
});
