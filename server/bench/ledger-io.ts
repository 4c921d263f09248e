/**
 * Ledger import and export at size: a 10,000-row .xlsx checked and imported over HTTP, and a 100,000-item
 * export streamed over a real socket while memory is sampled.
 *   cd server && node --expose-gc --import tsx bench/ledger-io.ts [--rows 10000] [--export 100000]
 * With DATABASE_URL it runs on a fresh database on that server, otherwise on in-memory PGlite.
 */
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../src/lib/clock.js';
import { createTestApp } from '../src/test/test-app.js';
import { insertItemsBulk, type NewItem } from '../src/modules/items-bulk/items-bulk.js';
import { importXlsx, xlsx } from '../src/modules/ledger-io/ledger-io.test-helpers.js';
import { orgs } from '../src/modules/orgs/orgs.table.js';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '10000' }, export: { type: 'string', default: '100000' } } });
const importRows = Number(args.rows);
const exportItems = Number(args.export);
const ms = (from: number) => `${Math.round(performance.now() - from)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const t = await createTestApp({ clock: fixedClock('2026-05-10T02:00:00Z'), config: { uploadMaxBytes: 50 * 1024 * 1024 } });
console.log(`database: ${t.database.driver}`);
const names = ['公安', '财政', '教育', '卫健', '中院', '检察', '统计', '档案'];
const rows = Array.from({ length: importRows }, (_, i) => [
  names[i % names.length],
  '上级点评',
  `第 ${i + 1} 个问题：支部“三会一课”记录不完整，会议内容与主题不符。`,
  `2026-${String((i % 12) + 1).padStart(2, '0')}-28`,
  `1. 逐月检查会议记录（责任人：人员${i % 9}）\n2. 年底前完成整改`,
]);
let start = performance.now();
const file = await xlsx({ 台账: [['所属单位', '问题来源', '问题描述', '整改时限', '整改措施'], ...rows] });
console.log(`built ${importRows} rows: ${mb(file.length)} in ${ms(start)}`);

start = performance.now();
let res = await importXlsx(t, 'supervisor', file, '?dryRun=true');
console.log(`dry run: ${res.statusCode} in ${ms(start)}`);
start = performance.now();
res = await importXlsx(t, 'supervisor', file);
console.log(`import (HTTP, with every item-event listener): ${res.statusCode}, ${res.json().created} items in ${ms(start)}`);

// The bulk insert alone, without listeners, for the export's data set.
const [supervisor] = await t.db.select().from(orgs).where(eq(orgs.id, t.orgs.committee));
const actor = { id: 2, username: 'supervisor', displayName: '李督办', role: 'supervisor' as const, orgId: supervisor.id, orgPath: supervisor.path, orgName: supervisor.name };
const targets = await t.db.select().from(orgs);
start = performance.now();
for (let done = 0; done < exportItems - importRows; done += 10_000) {
  const batch: NewItem[] = Array.from({ length: Math.min(10_000, exportItems - importRows - done) }, (_, i) => ({
    org: targets[(done + i) % targets.length],
    source: 'review',
    description: `批量生成的第 ${done + i + 1} 个问题：党建与业务融合不紧密，存在“两张皮”现象。`,
    deadline: `2026-${String(((done + i) % 12) + 1).padStart(2, '0')}-15`,
    type: 'deadline',
    measures: [{ content: '每季度召开融合推进会' }, { content: '建立党建业务双向考核' }],
  }));
  const t0 = performance.now();
  await t.db.transaction((tx) => insertItemsBulk(tx, { items: batch, actor, year: '2026' }));
  if (done === 0) console.log(`bulk insert of 10,000 items without listeners: ${ms(t0)}`);
}
console.log(`total items: ${exportItems} (filled in ${ms(start)})`);

await t.app.listen({ port: 0, host: '127.0.0.1' });
const { port } = t.app.server.address() as AddressInfo;
const { accessToken } = await t.login('supervisor');
global.gc?.();
const base = process.memoryUsage();
let peak = { rss: base.rss, heapUsed: base.heapUsed, external: base.external };
// Every half second the heap is collected first, so the figure is what the export holds, not garbage.
let ticks = 0;
const sampler = setInterval(() => {
  if (++ticks % 20 === 0) global.gc?.();
  const m = process.memoryUsage();
  peak = { rss: Math.max(peak.rss, m.rss), heapUsed: ticks % 20 === 0 ? Math.max(peak.heapUsed, m.heapUsed) : peak.heapUsed, external: Math.max(peak.external, m.external) };
}, 25);
start = performance.now();
const bytes = await new Promise<number>((resolve, reject) => {
  get({ host: '127.0.0.1', port, path: '/api/items/export.xlsx', headers: { authorization: `Bearer ${accessToken}` } }, (response) => {
    let total = 0;
    response.on('data', (chunk: Buffer) => (total += chunk.length));
    response.on('end', () => resolve(total));
    response.on('error', reject);
  }).on('error', reject);
});
clearInterval(sampler);
console.log(`export of ${exportItems} items: ${mb(bytes)} in ${ms(start)}`);
console.log(`memory during export, above the level before it: live heap (after gc) +${mb(peak.heapUsed - base.heapUsed)}, external +${mb(peak.external - base.external)}, rss +${mb(peak.rss - base.rss)}`);
await t.close();
