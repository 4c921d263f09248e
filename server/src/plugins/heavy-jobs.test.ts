import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../lib/clock.js';
import { createItem } from '../modules/items/items.test-helpers.js';
import { importXlsx, xlsx } from '../modules/ledger-io/ledger-io.test-helpers.js';
import { createTestApp, type TestApp } from '../test/test-app.js';

const clock = fixedClock('2026-06-15T02:00:00Z');

/**
 * Every heavy route takes a slot of the process's limiter: with the one slot held and no queue, each answers 503
 * `common.busy` with Retry-After, while light routes answer as usual; with the slot free, each answers 200.
 */
describe('heavy jobs across the routes', () => {
  let t: TestApp;
  let noticeId: number;
  const ledger = () => xlsx({ 台账: [['序号', '所属单位', '问题来源', '问题描述', '整改时限'], [1, '江川市公安局党委', '上级点评', '学习不深入。', '2026-09-30']] });

  beforeAll(async () => {
    t = await createTestApp({ clock, config: { heavyJobsConcurrency: 1, heavyJobsQueue: 0 } });
    const item = await createItem(t, { deadline: '2026-06-01', description: '公安逾期。' });
    const notice = await t.as('supervisor')({ method: 'POST', url: '/api/notices', payload: { level: 'red', requirements: '立即整改。', replyDeadline: '2026-06-25', itemIds: [item.id] } });
    noticeId = notice.json().id;
  });
  afterAll(() => t.close());

  const heavy: Array<[string, () => ReturnType<ReturnType<TestApp['as']>>]> = [
    ['import dry run', async () => importXlsx(t, 'supervisor', await ledger(), '?dryRun=true')],
    ['import', async () => importXlsx(t, 'supervisor', await ledger())],
    ['import template', () => t.as('supervisor')({ method: 'GET', url: '/api/items/import-template.xlsx' })],
    ['ledger export', () => t.as('supervisor')({ method: 'GET', url: '/api/items/export.xlsx' })],
    ['monthly report .xlsx', () => t.as('supervisor')({ method: 'GET', url: '/api/reports/monthly?month=2026-05&format=xlsx' })],
    ['monthly report .docx', () => t.as('supervisor')({ method: 'GET', url: '/api/reports/monthly?month=2026-05&format=docx' })],
    ['notice .docx', () => t.as('supervisor')({ method: 'GET', url: `/api/notices/${noticeId}/document` })],
  ];

  it.each(heavy)('when every slot is taken and the queue is full, the %s is refused with common.busy and Retry-After', async (_name, send) => {
    const release = await t.app.heavyJobs.acquire();
    try {
      const res = await send();
      expect(res.statusCode, res.body.slice(0, 200)).toBe(503);
      expect(res.json().error).toEqual({ code: 'common.busy', message: expect.stringContaining('稍后再试') });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // What is not heavy is not held up.
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      expect((await t.as('supervisor')({ method: 'GET', url: '/api/reports/monthly?month=2026-05' })).statusCode).toBe(200);
    } finally {
      release();
    }
  });

  it.each(heavy)('when a slot is free, the %s is served and gives its slot back', async (_name, send) => {
    const res = await send();
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(t.app.heavyJobs.stats()).toEqual({ running: 0, queued: 0 });
  });

  it('when a heavy job fails, its slot is given back', async () => {
    const res = await importXlsx(t, 'supervisor', 'not a workbook at all', '?dryRun=true');
    expect(res.json().error.code).toBe('import.not_xlsx');
    const missing = await t.as('supervisor')({ method: 'GET', url: '/api/notices/999999/document' });
    expect(missing.statusCode).toBe(404);
    expect(t.app.heavyJobs.stats()).toEqual({ running: 0, queued: 0 });
  });
});
