import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ExportRow } from './export.rows.js';
import { rowHeight, writeLedgerWorkbook } from './export.workbook.js';

const row = (id: number): ExportRow =>
  ({
    item: { id, code: `2026-公安-${id}`, source: 'review', title: '标题', description: '问题描述', deadline: '2026-08-31', originalDeadline: '2026-08-31', type: 'deadline', status: 'issued', extensionCount: 0 },
    orgName: '江川市公安局党委',
    categoryName: null,
    light: 'green',
    assistOrgs: [],
    measures: [],
    progress: [],
    evidence: [],
    opinion: null,
    notices: [],
  }) as unknown as ExportRow;

describe('the ledger workbook writer', () => {
  it('when the reader goes away mid-download, writing stops with an error instead of waiting for ever', async () => {
    const output = new PassThrough({ highWaterMark: 1024 });
    let pagesRead = 0;
    async function* endless() {
      for (let page = 0; ; page++) {
        pagesRead++;
        yield Array.from({ length: 100 }, (_, i) => row(page * 100 + i));
      }
    }
    // Nobody reads: the writer fills the small buffer, waits, and then the download is cancelled.
    const writing = writeLedgerWorkbook(output, endless(), { title: 't', subtitle: 's', today: '2026-05-10', timeZone: 'Asia/Shanghai' });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    for (let waited = 0; !output.writableNeedDrain && waited < 20_000; waited += 20) await sleep(20);
    expect(output.writableNeedDrain).toBe(true);
    // The zip's own stages (deflate, counters) fill behind the output's buffer; wait until no page moves for 300 ms.
    let readWhileBlocked = -1;
    for (let waited = 0; pagesRead !== readWhileBlocked && waited < 20_000; waited += 300) {
      readWhileBlocked = pagesRead;
      await sleep(300);
    }
    // Back-pressure: with nobody reading, it stopped taking pages once the buffers were full.
    expect(pagesRead).toBe(readWhileBlocked);
    expect(pagesRead).toBeLessThan(50);
    output.destroy();
    await expect(writing).rejects.toThrow('output closed');
  });

  it('when text wraps, the row is tall enough for it, up to what Excel allows', () => {
    expect(rowHeight([null, null, null])).toBe(19);
    expect(rowHeight(['1', null, null, null, null, null, '第一行\n第二行\n第三行'])).toBe(49);
    expect(rowHeight(['x'.repeat(100_000)])).toBe(409);
  });
});
