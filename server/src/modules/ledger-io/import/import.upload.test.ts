import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../../test/multipart.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { importXlsx, xlsx } from '../ledger-io.test-helpers.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The upload is written to a temporary file as it arrives and only a running job reads it in; the file is gone
 * once the request is answered, whatever the answer. This file's worker has a temp folder of its own (TMPDIR).
 */
describe('the import upload on disk', () => {
  let t: TestApp;
  let temp: string | undefined;
  let realTemp: string | undefined;
  const ledger = () => xlsx({ 台账: [['序号', '所属单位', '问题来源', '问题描述', '整改时限'], [1, '江川市公安局党委', '上级点评', '学习不深入。', '2026-09-30']] });
  const leftovers = async () => (await readdir(temp!)).filter((name) => name.startsWith('rectify-import-'));

  beforeAll(async () => {
    t = await createTestApp({ config: { uploadMaxBytes: 256 * 1024, heavyJobsConcurrency: 1, heavyJobsQueue: 1 } });
    temp = await mkdtemp(join(tmpdir(), 'rectify-import-test-'));
    realTemp = process.env.TMPDIR;
    process.env.TMPDIR = temp;
  });
  afterAll(async () => {
    if (realTemp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = realTemp;
    await t?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('when an import waits for its turn, its upload is already on disk, whole, and is removed once it has run', async () => {
    const file = await ledger();
    const release = await t.app.heavyJobs.acquire();
    const answer = importXlsx(t, 'supervisor', file, '?dryRun=true');
    for (let i = 0; i < 400 && t.app.heavyJobs.stats().queued === 0; i++) await sleep(10);
    expect(t.app.heavyJobs.stats()).toEqual({ running: 1, queued: 1 });
    const [dir] = await leftovers();
    const saved = join(temp!, dir, 'upload.xlsx');
    expect((await stat(saved)).size).toBe(file.length);
    release();
    const res = await answer;
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, ok: true, rowCount: 1 });
    expect(await leftovers()).toEqual([]);
  });

  it('when the upload is past the size limit, it is refused with common.payload_too_large and nothing is left on disk', async () => {
    const res = await importXlsx(t, 'supervisor', Buffer.alloc(300 * 1024, 0x50), '?dryRun=true');
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('common.payload_too_large');
    expect(await leftovers()).toEqual([]);
  });

  it('when a second file follows, it is refused with common.one_file_only and nothing is left on disk', async () => {
    const file = await ledger();
    const form = multipart([
      { name: 'file', file: { filename: '一.xlsx', content: file, contentType: xlsxType } },
      { name: 'file', file: { filename: '二.xlsx', content: file, contentType: xlsxType } },
    ]);
    const res = await t.as('supervisor')({ method: 'POST', url: '/api/items/import?dryRun=true', ...form });
    expect(res.json().error.code).toBe('common.one_file_only');
    expect(await leftovers()).toEqual([]);
  });

  it('when the file is not a workbook, the refusal leaves nothing on disk and the slot free', async () => {
    const res = await importXlsx(t, 'supervisor', 'plain text', '?dryRun=true');
    expect(res.json().error.code).toBe('import.not_xlsx');
    expect(await leftovers()).toEqual([]);
    expect(t.app.heavyJobs.stats()).toEqual({ running: 0, queued: 0 });
  });

  it('when the queue is full, the upload is refused before it is read: common.busy, and no file written', async () => {
    const first = await t.app.heavyJobs.acquire();
    const second = t.app.heavyJobs.acquire();
    try {
      const res = await importXlsx(t, 'supervisor', await ledger(), '?dryRun=true');
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('common.busy');
      expect(res.headers['retry-after']).toBeDefined();
      expect(await leftovers()).toEqual([]);
    } finally {
      first();
      (await second)();
    }
  });
});
