import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { multipart, tinyPdf } from '../../test/multipart.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';
import { evidence } from './evidence.table.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('closure evidence', () => {
  let t: TestApp;
  let item: { id: number };
  beforeAll(async () => {
    t = await createTestApp({ config: { uploadMaxBytes: 64 * 1024 } });
    item = await createItem(t);
  });
  afterAll(() => t.close());

  const upload = (filename: string, content: Buffer | string, as = 'branch', id = item.id) =>
    t.as(as)({ method: 'POST', url: `/api/items/${id}/evidence`, ...multipart([{ name: 'file', file: { filename, content, contentType: 'application/pdf' } }]) });

  it('when a real PDF with a Chinese name is uploaded, it is stored with its hash and downloads as an attachment under the same name', async () => {
    const res = await uploadPdf(t, 'branch', item.id, '支部会议记录（2026年6月）.pdf');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    const file = body.item.evidence.find((e: { id: number }) => e.id === body.evidenceId);
    expect(file).toMatchObject({ fileName: '支部会议记录（2026年6月）.pdf', mime: 'application/pdf', kind: 'pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const download = await t.as('supervisor')({ method: 'GET', url: `/api/evidence/${body.evidenceId}/download` });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(tinyPdf())).toBe(true);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    const disposition = String(download.headers['content-disposition']);
    expect(disposition.startsWith('attachment;')).toBe(true);
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)![1];
    expect(decodeURIComponent(encoded)).toBe('支部会议记录（2026年6月）.pdf');
  });

  it('when an HTML page is named .pdf, it is refused with 415 and nothing is stored', async () => {
    const before = await filesUnder(join(t.dataDir, 'evidence'));
    const res = await upload('整改报告.pdf', '<!DOCTYPE html><html><script>alert(1)</script></html>');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('evidence.type_not_allowed');
    expect(await filesUnder(join(t.dataDir, 'evidence'))).toEqual(before);
  });

  it('when a file is over the size limit, it is refused with 413 and nothing is stored', async () => {
    const before = await filesUnder(join(t.dataDir, 'evidence'));
    const big = Buffer.concat([tinyPdf(), Buffer.alloc(70 * 1024, 0x20)]);
    const res = await upload('big.pdf', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('evidence.too_large');
    expect(await filesUnder(join(t.dataDir, 'evidence'))).toEqual(before);
  });

  it('when the file name tries path traversal or carries NUL, the stored name is cleaned and the key is the server’s own', async () => {
    const res = await upload('../../etc/passwd\u0000.pdf', tinyPdf());
    expect(res.statusCode).toBe(201);
    const [row] = await t.db.select().from(evidence).where(eq(evidence.id, res.json().evidenceId));
    expect(row.fileName).not.toMatch(/\.\.|\/|\\|\u0000/);
    expect(row.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}$/);
  });

  /** The name a download asks the browser to save under, from `filename*`. */
  const savedName = (res: { headers: Record<string, unknown> }) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(String(res.headers['content-disposition']))![1]);

  it.each([
    ['text', 'notes.html', 'notes.txt', 'text/plain', '整改说明：已完成。\n'],
    ['a PDF', '报告.htm', '报告.pdf', 'application/pdf', tinyPdf()],
    ['text', '会议纪要2024.10', '会议纪要2024.10.txt', 'text/plain', '已整改。\n'],
  ])('when %s is uploaded as %j, it is stored and downloads as %j, %s', async (_what, filename, expected, mime, content) => {
    const res = await upload(filename, content);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().evidenceId;
    expect(res.json().item.evidence.find((e: { id: number }) => e.id === id).fileName).toBe(expected);
    const [row] = await t.db.select().from(evidence).where(eq(evidence.id, id));
    expect(row).toMatchObject({ fileName: expected, mime });
    const download = await t.as('supervisor')({ method: 'GET', url: `/api/evidence/${id}/download` });
    expect(download.headers['content-type']).toBe(mime);
    expect(savedName(download)).toBe(expected);
  });

  it('when a PNG is uploaded under an .html name, it is stored and served as a .png image', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0c0' } }).png().toBuffer();
    const res = await upload('page.html', png);
    const [row] = await t.db.select().from(evidence).where(eq(evidence.id, res.json().evidenceId));
    expect(row).toMatchObject({ fileName: 'page.png', mime: 'image/png' });
  });

  it('when a row stored before kept the uploader’s .html extension, it is listed and downloaded under the detected one', async () => {
    const id = (await upload('old.txt', '旧记录\n')).json().evidenceId;
    await t.db.update(evidence).set({ fileName: 'old.html' }).where(eq(evidence.id, id));
    const download = await t.as('supervisor')({ method: 'GET', url: `/api/evidence/${id}/download` });
    expect(savedName(download)).toBe('old.txt');
    const detail = await t.as('branch')({ method: 'GET', url: `/api/items/${item.id}` });
    expect(detail.json().evidence.find((e: { id: number }) => e.id === id).fileName).toBe('old.txt');
  });

  it('when an image is uploaded, a thumbnail is made and served as WebP', async () => {
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c00' } }).png().toBuffer();
    const res = await upload('现场照片.png', png);
    expect(res.statusCode).toBe(201);
    const thumb = await t.as('branch')({ method: 'GET', url: `/api/evidence/${res.json().evidenceId}/thumbnail` });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(320);
  });

  it('when no file field is sent, or the request is not multipart, it answers 4xx', async () => {
    const noFile = await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/evidence`, ...multipart([{ name: 'note', value: 'x' }]) });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.code).toBe('evidence.missing_file');
    const json = await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/evidence`, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
  });

  it('when another organization reads, downloads or uploads, it answers 404', async () => {
    const own = (await uploadPdf(t, 'branch', item.id)).json().evidenceId;
    expect((await t.as('branch2')({ method: 'GET', url: `/api/evidence/${own}/download` })).statusCode).toBe(404);
    expect((await t.as('branch2')({ method: 'GET', url: `/api/evidence/${own}/thumbnail` })).statusCode).toBe(404);
    expect((await upload('x.pdf', tinyPdf(), 'branch2')).statusCode).toBe(404);
    expect((await t.as('branch2')({ method: 'DELETE', url: `/api/items/${item.id}/evidence/${own}` })).statusCode).toBe(404);
  });

  it('when evidence is removed, it disappears from the item, stays in the database and the history says so', async () => {
    const id = (await uploadPdf(t, 'branch', item.id, '误传.pdf')).json().evidenceId;
    const res = await t.as('branch')({ method: 'DELETE', url: `/api/items/${item.id}/evidence/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().evidence.map((e: { id: number }) => e.id)).not.toContain(id);
    expect(res.json().history.at(-1)).toMatchObject({ action: 'evidence_removed', data: { fileName: '误传.pdf' } });
    const [row] = await t.db.select().from(evidence).where(eq(evidence.id, id));
    expect(row.removedAt).not.toBeNull();
    expect((await t.as('supervisor')({ method: 'GET', url: `/api/evidence/${id}/download` })).statusCode).toBe(404);
  });

  it('when closure has been requested, evidence can no longer be added or removed', async () => {
    const locked = await createItem(t);
    await transition(t, 'branch', locked.id, { action: 'start' });
    const id = (await uploadPdf(t, 'branch', locked.id)).json().evidenceId;
    await transition(t, 'branch', locked.id, { action: 'request_closure', comment: '完成' });
    expect((await uploadPdf(t, 'branch', locked.id)).json().error.code).toBe('evidence.item_locked');
    expect((await t.as('branch')({ method: 'DELETE', url: `/api/items/${locked.id}/evidence/${id}` })).json().error.code).toBe('evidence.item_locked');
  });

  it('when an upload is cut off mid-stream, no row and no file remain', async () => {
    const fresh = await createItem(t);
    const before = await filesUnder(join(t.dataDir, 'evidence'));
    const form = multipart([{ name: 'file', file: { filename: 'cut.pdf', content: tinyPdf() } }]);
    // The body ends before the closing boundary, as when the client goes away.
    const truncated = form.payload.subarray(0, form.payload.length - 60);
    const res = await t.as('branch')({ method: 'POST', url: `/api/items/${fresh.id}/evidence`, headers: form.headers, payload: truncated });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(await t.db.select().from(evidence).where(eq(evidence.itemId, fresh.id))).toEqual([]);
    expect(await filesUnder(join(t.dataDir, 'evidence'))).toEqual(before);
  });

  it('when a stored file has no row (a crash before the commit), the sweeper removes it; referenced files stay', async () => {
    const orphan = await t.app.storage.put({ source: tinyPdf('orphan'), maxBytes: 1024 * 1024 });
    const kept = await filesUnder(join(t.dataDir, 'evidence'));
    const result = await t.app.sweepEvidence(0);
    expect(result.removedOrphans).toEqual([orphan.key]);
    const after = await filesUnder(join(t.dataDir, 'evidence'));
    expect(after.length).toBe(kept.length - 1);
    for (const row of await t.db.select().from(evidence)) expect(await t.app.storage.exists(row.storageKey)).toBe(true);
  });
});
