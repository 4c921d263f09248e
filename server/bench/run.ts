import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { createDatabase } from '../src/db/client.js';
import { testConfig } from '../src/test/test-app.js';
import { cpuMs, cpuSince, postgresCpu, startProcess } from './processes.js';
import { BENCH_PASSWORD, generateDataset } from './dataset.js';
import { explainAll } from './explain.js';
import { measure, warmUp, type LoadResult } from './load.js';
import { writeReport, type Row, type SingleRow } from './report.js';
import { inOwnProcess, medianOf, single, timedInProcess, type SingleResult } from './single.js';
import { storeMonthlySnapshots } from '../src/modules/reports/reports.service.js';
import { shiftMonth } from '../src/modules/reports/reports.period.js';
import { importXlsx10k } from './import-file.js';
import { addDays } from '../src/lib/dates.js';
import { orgIdOfPath } from '../src/lib/scope.js';
import { prepareEndorsements } from './review-levels.js';
import { prepareRecheckDraw } from './recheck-draw.js';
import { prepareOrgReport } from './rectification-report.js';
import { prepareCarriedReview } from './review-carry.js';
import { prepareCalendarPaste, workingDayWindows } from './working-days.js';
import { calendarPasteTarget, recheckDrawTarget, dashboardTarget, importTarget, listTarget, memoryTarget, orgReportTarget, reviewCarryTarget, searchTarget, snapshotTarget, transitionTarget, type Target } from './targets.js';

const { values: args } = parseArgs({
  options: {
    items: { type: 'string', default: '10000' },
    orgs: { type: 'string' },
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    reuse: { type: 'boolean', default: false },
  },
});
const items = Number(args.items);
const orgs = Number(args.orgs ?? Math.min(50000, Math.max(100, Math.round(items / 20))));
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const today = '2026-11-20';
const log = (msg: string) => console.log(msg);
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

async function prepareDatabase() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await createDatabase({});
    await database.migrate();
    return { database, url: undefined, fresh: true };
  }
  const name = `rectify_bench_${items}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  if (exists && !args.reuse) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  if (!exists || !args.reuse) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ url: url.toString(), poolSize: 10 });
  await database.migrate();
  return { database, url: url.toString(), fresh: !exists || !args.reuse };
}

const { database, url, fresh } = await prepareDatabase();
log(`database: ${database.driver}${url ? ` (${new URL(url).pathname.slice(1)})` : ''}, ${items} items, ${orgs} organizations`);
const t0 = Date.now();
const dataset = fresh
  ? await generateDataset(database.db, { items, orgs, today }, log)
  : { orgCount: orgs, leafOrgId: Number((await database.db.execute<{ id: number }>(sql`SELECT org_id AS id FROM users WHERE username = 'bench-leaf'`)).rows[0].id), midOrgId: 0, users: { supervisor: 'bench-supervisor', mid: 'bench-mid', leaf: 'bench-leaf' } };
const generationSeconds = (Date.now() - t0) / 1000;
// The hourly job folds the dashboard's pending changes into its counts; a reused database carries those of earlier runs.
await database.db.execute(sql`SELECT item_rollups_fold()`);
// An upgrade may leave the prepared counts for the first dashboard read to rebuild (migrations/0027); in steady use that
// read has long happened, so a reused database whose counts are not built has them built here, not timed.
if (!fresh) {
  const { rows } = await database.db.execute<{ built: boolean }>(sql`SELECT as_of IS NOT NULL AS built FROM item_rollup_state`);
  if (!rows[0]?.built) await database.db.execute(sql`SELECT item_rollups_rebuild(${today}::date, 7, 'Asia/Shanghai')`);
}
// Autovacuum keeps up with updates and the fold's deletes in steady use (and is off on some servers, this machine's
// among them); a run starts from that state, not from the dead rows of an earlier run's transitions and import.
if (url) await database.db.execute(sql`VACUUM ANALYZE items, item_search, item_history, item_rollups, item_rollup_deltas, notifications, deliveries`);
if (fresh) log(`dataset generated in ${generationSeconds.toFixed(1)} s`);

// On PostgreSQL the API and the baseline each run alone in a process of their own, as they would be deployed; PGlite
// is one connection inside one process, so there the API runs in the bench's own process.
const config = testConfig({ dataDir: '/tmp/rectify-bench', demoData: false, loginMaxFailures: 1000 });
const now = new Date(`${today}T04:00:00Z`);
const api = url
  ? await startProcess('serve', { DATABASE_URL: url, BENCH_TODAY: today })
  : await (async () => {
      const app = await buildApp({ config, database, clock: { now: () => now } });
      await app.listen({ port: 0, host: '127.0.0.1' });
      return { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, pid: process.pid, stop: () => app.close() };
    })();
const appUrl = api.url;
const baseline = url ? await startProcess('baseline-serve', { DATABASE_URL: url }) : undefined;

async function token(username: string) {
  const res = await fetch(`${appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
  return `Bearer ${((await res.json()) as { accessToken: string }).accessToken}`;
}
const auth = { supervisor: await token('bench-supervisor'), mid: await token('bench-mid'), leaf: await token('bench-leaf') };
const paths = Object.fromEntries(
  (await database.db.execute<{ username: string; path: string }>(sql`SELECT u.username, o.path FROM users u JOIN orgs o ON o.id = u.org_id`)).rows.map((r) => [r.username, r.path]),
);

const rows: Row[] = [];
// The targets are for a PostgreSQL server. On PGlite the API, the database and the load generator share one process
// and there is no baseline: its figures are recorded, not judged.
const targetsApply = Boolean(url);
const singles: SingleRow[] = [];
/** A load measurement with the CPU time the server's process and PostgreSQL spent per request meanwhile. */
async function run(connections: number, path: string, headers?: Record<string, string>, extra: Partial<Parameters<typeof measure>[0]> = {}, serverPid = api.pid, warm = true) {
  const target = `${path.startsWith('http') ? '' : appUrl}${path}`;
  // A second of the same load first, not counted: the server's code paths compiled, its pool's connections opened
  // and their caches filled (a pool closes idle connections, and the singles below leave it idle), as in steady use.
  if (warm) await measure({ url: target, connections, seconds: 1, headers, ...extra, rounds: 1 });
  const before = { server: cpuMs(serverPid), pg: postgresCpu() };
  const result = await measure({ url: target, connections, seconds, rounds, headers, ...extra });
  const requests = Math.max(1, result.requests);
  const cpu = { serverMs: (cpuMs(serverPid) - before.server) / requests, pgMs: url ? cpuSince(before.pg, postgresCpu()) / requests : undefined };
  return { ...result, cpu };
}

type Measured = Awaited<ReturnType<typeof run>>;
const medianOfRuns = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** Rounds of one side combined: the medians of the rates and latencies, CPU per request over all of them. */
function combined(runs: Measured[]): Measured {
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const perRequest = (pick: (r: Measured) => number | undefined) =>
    runs.some((r) => pick(r) === undefined) ? undefined : runs.reduce((sum, r) => sum + pick(r)! * r.requests, 0) / Math.max(1, requests);
  return {
    requestsPerSecond: medianOfRuns(runs.map((r) => r.requestsPerSecond)),
    p50: medianOfRuns(runs.map((r) => r.p50)),
    p99: medianOfRuns(runs.map((r) => r.p99)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    requests,
    cpu: { serverMs: perRequest((r) => r.cpu.serverMs)!, pgMs: perRequest((r) => r.cpu.pgMs) },
  };
}

/**
 * The API and its baseline measured in alternating rounds (API, baseline, API, …), each warmed first: on a shared
 * machine whose speed drifts over a minute, rounds taken side by side compare like with like.
 */
async function runPair(connections: number, apiPath: string, headers: Record<string, string>, basePath: string) {
  if (!baseline) return { result: await run(connections, apiPath, headers), base: undefined };
  await run(connections, apiPath, headers, { seconds: 1, rounds: 1 }, api.pid, false);
  await run(connections, basePath, undefined, { seconds: 1, rounds: 1 }, baseline.pid, false);
  const apiRuns: Measured[] = [];
  const baseRuns: Measured[] = [];
  for (let round = 0; round < rounds; round++) {
    apiRuns.push(await run(connections, apiPath, headers, { rounds: 1 }, api.pid, false));
    baseRuns.push(await run(connections, basePath, undefined, { rounds: 1 }, baseline.pid, false));
  }
  return { result: combined(apiRuns), base: combined(baseRuns) };
}
const add = ({ target, ...row }: Omit<Row, 'ratio' | 'target' | 'met'> & { baseline?: LoadResult; target?: Target<LoadResult> }) => {
  const ratio = row.baseline ? row.result.requestsPerSecond / row.baseline.requestsPerSecond : undefined;
  rows.push({ ...row, ratio, target: target?.text, met: targetsApply ? target?.met?.(row.result, ratio) : undefined });
  log(`${row.name}: ${row.result.requestsPerSecond} req/s, p99 ${row.result.p99} ms${ratio ? `, ${(ratio * 100).toFixed(0)} % of baseline` : ''}${row.result.errors + row.result.non2xx ? ` ERRORS ${row.result.errors}/${row.result.non2xx}` : ''}`);
};

const openFilter = 'status=issued,in_progress,closure_requested';
// The baseline computes the same lights: today and the end of the yellow window, from the committee's settings.
const { yellowDays } = (await (await fetch(`${appUrl}/api/settings`, { headers: { authorization: auth.supervisor } })).json()) as { yellowDays: number };
const lightWindow = `today=${today}&yellowUntil=${addDays(today, yellowDays)}`;
// The scope as the app's statement names it for each user: the committee, a leaf organization by its id (the bench's
// leaf clerk belongs to one with none below it), a subtree by its path.
const baseScope = (user: 'leaf' | 'mid' | 'supervisor') =>
  user === 'supervisor' ? 'committee=1' : user === 'leaf' ? `leaf=${orgIdOfPath(paths['bench-leaf'])}` : `path=${encodeURIComponent(paths['bench-mid'])}`;
if (baseline) add({ name: 'ceiling: bare Fastify route', connections: 10, result: await run(10, `${baseline.url}/bare`, undefined, {}, baseline.pid) });
// Both servers as a deployment runs them, not just started: the ceiling above has exercised the baseline's Fastify,
// and each list is served for a few seconds on both before the first figure is taken.
for (const user of ['leaf', 'mid', 'supervisor'] as const) {
  await measure({ url: `${appUrl}/api/items?${openFilter}`, connections: 10, seconds: 2, rounds: 1, headers: { authorization: auth[user] } });
  if (baseline) await measure({ url: `${baseline.url}/list?${lightWindow}&${baseScope(user)}`, connections: 10, seconds: 2, rounds: 1 });
}
for (const connections of [10, 50]) {
  for (const [scope, user] of [['leaf organization', 'leaf'], ['mid-tree organization', 'mid'], ['whole committee', 'supervisor']] as const) {
    const basePath = `${baseline?.url}/list?${lightWindow}&${baseScope(user)}`;
    const { result, base } = await runPair(connections, `/api/items?${openFilter}`, { authorization: auth[user] }, basePath);
    add({ name: `list, ${scope}`, connections, result, baseline: base, target: listTarget(connections) });
  }
}
// The same lists with the yellow window counted in working days (working-days.ts); the baseline's window ends on the
// same calendar day.
{
  const windows = await workingDayWindows(database.db, { today, yellowDays });
  await new Promise((resolve) => setTimeout(resolve, windows.settleMs));
  const workingWindow = `today=${today}&yellowUntil=${windows.yellowUntil}`;
  for (const connections of [10, 50]) {
    for (const [scope, user] of [['leaf organization', 'leaf'], ['mid-tree organization', 'mid'], ['whole committee', 'supervisor']] as const) {
      const { result, base } = await runPair(connections, `/api/items?${openFilter}`, { authorization: auth[user] }, `${baseline?.url}/list?${workingWindow}&${baseScope(user)}`);
      add({ name: `list with working-day lights (${yellowDays} working days = ${windows.days} days), ${scope}`, connections, result, baseline: base, target: listTarget(connections) });
    }
  }
  await windows.restore();
  await new Promise((resolve) => setTimeout(resolve, windows.settleMs));
}
const someItem = (await database.db.execute<{ id: number }>(sql`SELECT id FROM items ORDER BY id LIMIT 1 OFFSET ${Math.floor(items / 2)}`)).rows[0].id;
add({ name: 'item detail', connections: 10, result: await run(10, `/api/items/${someItem}`, { authorization: auth.supervisor }) });
{
  // A phrase found in one item in twelve, beside the same search as one plain trigram-indexed query.
  const q = encodeURIComponent('两张皮');
  const { result, base } = await runPair(10, `/api/items?q=${q}`, { authorization: auth.supervisor }, `${baseline?.url}/search?committee=1&q=${q}`);
  add({ name: 'text search, whole committee', connections: 10, result, baseline: base, target: searchTarget });
}

// The dashboard at each scope: prepared per-subtree counts, so the committee's costs what a leaf's does.
for (const [scope, user] of [['leaf organization', 'leaf'], ['mid-tree organization', 'mid'], ['whole committee', 'supervisor']] as const) {
  add({ name: `dashboard, ${scope}`, connections: 10, result: await run(10, '/api/dashboard', { authorization: auth[user] }), target: user === 'supervisor' ? dashboardTarget : undefined });
}

// 述前述后: a review of 70 organizations with last year's unfinished items carried into it (review-carry.ts).
{
  const carried = await prepareCarriedReview(database.db, { supervisor: 'bench-supervisor', today, orgCount: 70 });
  const headers = { authorization: auth.supervisor };
  add({ name: `review page with ${carried.carried.toLocaleString('en')} carried items, 70 organizations`, connections: 10, result: await run(10, `/api/reviews/${carried.reviewId}`, headers), target: reviewCarryTarget });
  add({ name: 'an organization’s problems from earlier reviews', connections: 10, result: await run(10, `/api/reviews/${carried.reviewId}/earlier?orgId=${carried.orgId}`, headers) });
  await carried.restore();
}

// One request at a time, with time and the peak RSS of this process (which runs the server).
const addSingle = ({ target, ...row }: Omit<SingleRow, 'target' | 'met'> & { target?: Target<SingleResult> }) => {
  singles.push({ ...row, target: target?.text, met: targetsApply ? target?.met?.(row.result, undefined) : undefined });
  log(`${row.name}: ${row.result.ms} ms, ${(row.result.bytes / 1024 / 1024).toFixed(1)} MB, peak RSS ${row.result.peakRssMb} MB (status ${row.result.status})`);
};
const lastMonth = (() => {
  const [y, m] = today.slice(0, 7).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
// A finished month's report is computed once from the history by the snapshot job on the 1st; requests then read
// the snapshot. Both are measured: the job's computation in-process, the downloads over HTTP. In steady use the job
// finds the month before stored by its previous run, so that run is made first, not timed.
const monthBefore = shiftMonth(lastMonth, -1);
await database.db.transaction((tx) => storeMonthlySnapshots(tx, { month: monthBefore, timeZone: config.timeZone, today, now, pool: database.pool }));
addSingle({
  name: `monthly report ${lastMonth} computed from the history (the snapshot job, in the bench's process)`,
  job: true,
  target: snapshotTarget,
  result: await timedInProcess(() => database.db.transaction((tx) => storeMonthlySnapshots(tx, { month: lastMonth, timeZone: config.timeZone, today, now, pool: database.pool }))),
});
// Downloads are served by a fresh API process of their own when on PostgreSQL, so that its peak RSS is the server's.
const served = (work: (base: string) => Promise<SingleResult>) => (url ? inOwnProcess(url, today, work) : work(appUrl));
for (const format of ['json', 'xlsx', 'docx'] as const) {
  addSingle({
    name: `monthly report ${lastMonth}, whole committee, .${format}`,
    result: await served((base) => medianOf(3, () => single(`${base}/api/reports/monthly?month=${lastMonth}&format=${format}`, { authorization: auth.supervisor }))),
    target: format === 'json' ? undefined : memoryTarget,
  });
}
// About 100,000 rows: the items with the earliest deadlines (all of them in a smaller dataset).
const exportShare = Math.min(1, 100_000 / items);
const exportTo = (await database.db.execute<{ d: string }>(sql`SELECT to_char(percentile_disc(${exportShare}::float8) WITHIN GROUP (ORDER BY deadline), 'YYYY-MM-DD') AS d FROM items`)).rows[0].d;
const exportRows = (await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM items WHERE deadline <= ${exportTo}::date`)).rows[0].n;
addSingle({
  name: `export of ${exportRows.toLocaleString('en')} rows (.xlsx, streamed)`,
  result: await served((base) => single(`${base}/api/items/export.xlsx?deadlineTo=${exportTo}`, { authorization: auth.supervisor })),
  target: memoryTarget,
});

// Transitions: each request cancels a different open item at its current version. A step's code is not run by any
// measurement before it, and a fresh server took about 20 s of steps to settle (docs/performance.md, "What is
// measured"): the step loads are warmed for 20 s, where the others are warmed for one.
const stepWarmUp = 20;
const open = (await database.db.execute<{ id: number; version: number }>(sql`SELECT id, version FROM items WHERE status IN ('issued','in_progress') ORDER BY id`)).rows;
let next = 0;
const cancel = {
  method: 'POST' as const,
  request: () => {
    const item = open[next++ % open.length];
    return { path: `/api/items/${item.id}/transitions`, body: JSON.stringify({ action: 'cancel', version: item.version, comment: '基准测试' }) };
  },
};
const transitionsWarm = await warmUp({ url: appUrl, connections: 10, seconds: stepWarmUp, headers: { authorization: auth.supervisor }, ...cancel, remaining: () => open.length - next, reserveSeconds: seconds * rounds });
log(`transitions warmed for ${transitionsWarm.length * 2} s: ${transitionsWarm.join(', ')} per second`);
const transitions = await run(10, '', { authorization: auth.supervisor }, cancel, api.pid, false);
add({ name: 'transition with its history row', connections: 10, result: transitions, target: transitionTarget });

// 二级审核: each request endorses a different item at its 党委 up to the committee (review-levels.ts); two rounds of two
// seconds, so that a 100,000-item dataset has an item for every request, after as much of the warm-up as the prepared
// items leave room for.
const endorse = await prepareEndorsements(database.db, { endorser: 'bench-mid', requester: 'bench-leaf', max: 50_000 });
const endorseWarm = await warmUp({ url: appUrl, connections: 10, seconds: stepWarmUp, headers: { authorization: auth.mid }, method: 'POST', request: endorse.request, remaining: endorse.remaining, reserveSeconds: 4 });
log(`endorsements warmed for ${endorseWarm.length * 2} s: ${endorseWarm.join(', ')} per second`);
const endorsements = await run(10, '', { authorization: auth.mid }, { method: 'POST', request: endorse.request, seconds: 2, rounds: 2 }, api.pid, false);
await endorse.restore();
add({ name: `endorse transition at the 党委 level (of ${endorse.count.toLocaleString('en')} prepared)`, connections: 10, result: endorsements, target: transitionTarget });

// An organization's 整改情况报告 drawn from a review of one item in twenty (rectification-report.ts).
const orgReport = await prepareOrgReport(database.db, { clerk: 'bench-leaf' });
addSingle({
  name: `an organization's 整改情况报告 .docx (${orgReport.orgItems} of its items in a review of ${orgReport.reviewItems.toLocaleString('en')})`,
  result: await served((base) => medianOf(3, () => single(`${base}/api/reviews/${orgReport.reviewId}/rectification-reports/${orgReport.orgId}/draft.docx`, { authorization: auth.supervisor }))),
  target: orgReportTarget,
});
await orgReport.restore();

addSingle({ name: 'import of a 10,000-row .xlsx (check and create, over HTTP)', result: await served((base) => importXlsx10k(base, auth.supervisor)), target: importTarget });

// Next year's calendar pasted in: every open item with a working-day deadline in it resolved again and re-lit.
{
  const paste = await prepareCalendarPaste(database.db, { year: Number(today.slice(0, 4)) + 1, actor: 'bench-supervisor', today });
  // The preparation stands in for items given working-day deadlines over the months before a new year's notice: they
  // would have been written once, and autovacuum (off on this machine) would have cleared the dead rows of the steps
  // and imports measured above. Rewriting them here leaves a dead version of each beside the live one, which the
  // save would otherwise pay for (docs/performance.md, "A year's calendar saved").
  if (url) await database.db.execute(sql`VACUUM items`);
  let changed = 0;
  const result = await timedInProcess(async () => (changed = (await paste.paste()).reResolved));
  await paste.restore();
  addSingle({ name: `next year's calendar saved: ${changed.toLocaleString('en')} of ${paste.count.toLocaleString('en')} working-day deadlines resolved again (in the bench's process)`, job: true, result, target: calendarPasteTarget });
}

// 回头看: a tenth of the committee's items closed six months ago or more drawn and stored, then rolled back (recheck-draw.ts).
{
  const recheck = await prepareRecheckDraw(database.db, { supervisor: 'bench-supervisor', today, now });
  let drawn = { candidates: 0, drawn: 0 };
  const result = await timedInProcess(async () => (drawn = await recheck.draw()));
  addSingle({ name: `回头看 sample of the whole committee: ${drawn.drawn.toLocaleString('en')} of ${drawn.candidates.toLocaleString('en')} due items drawn (in the bench's process)`, job: true, result, target: recheckDrawTarget });
}

const explains = await explainAll(database.db, { leafPath: paths['bench-leaf'], midPath: paths['bench-mid'], today });
mkdirSync(resultsDir, { recursive: true });
const stamp = `${database.driver}-${items}`;
writeFileSync(`${resultsDir}/${stamp}.json`, JSON.stringify({ items, orgs: dataset.orgCount, driver: database.driver, generationSeconds, generationNote: fresh ? undefined : 'reused from an earlier run (--reuse)', rows, singles, date: new Date().toISOString() }, null, 2));
writeFileSync(`${resultsDir}/explain-${stamp}.txt`, explains);
writeReport({ resultsDir, stamp });
log(`results: bench/results/${stamp}.json, plans: bench/results/explain-${stamp}.txt, docs/performance.md updated`);

await baseline?.stop();
await api.stop();
await database.close();
