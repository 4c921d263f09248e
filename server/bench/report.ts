import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.js';
import type { SingleResult } from './single.js';

export interface SingleRow {
  name: string;
  result: SingleResult;
  target?: string;
  /** Whether the result meets the target, where the target is a figure to meet (see targets.ts). */
  met?: boolean;
  /** Work a scheduled job does, not a request. */
  job?: boolean;
}

export interface Row {
  name: string;
  connections: number;
  result: LoadResult;
  baseline?: LoadResult;
  ratio?: number;
  target?: string;
  met?: boolean;
}

const metCell = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : '**not met**');

const docPath = fileURLToPath(new URL('../../docs/performance.md', import.meta.url));
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function table(file: string) {
  const data = read(file);
  const lines = [
    `### ${data.items.toLocaleString('en')} items, ${data.orgs.toLocaleString('en')} organizations, ${data.driver} (${data.date.slice(0, 10)})`,
    '',
    data.generationNote ? `Dataset ${data.generationNote}.` : `Dataset generated in ${data.generationSeconds.toFixed(0)} s.`,
    '',
    '| measurement | conns | req/s | p50 ms | p99 ms | baseline req/s | ratio | CPU ms/request: server + PostgreSQL (baseline) | errors | target | |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const r of data.rows) {
    const cpu = [r.result.cpu, r.baseline?.cpu].map((c) => (c ? `${c.serverMs.toFixed(2)}${c.pgMs === undefined ? '' : ` + ${c.pgMs.toFixed(2)}`}` : ''));
    lines.push(
      `| ${r.name} | ${r.connections} | ${r.result.requestsPerSecond} | ${r.result.p50} | ${r.result.p99} | ${r.baseline?.requestsPerSecond ?? '–'} | ${r.ratio ? `${(r.ratio * 100).toFixed(0)} %` : '–'} | ${cpu[0]}${cpu[1] ? ` (${cpu[1]})` : ''} | ${r.result.errors + r.result.non2xx} | ${r.target ?? ''} | ${metCell(r.met)} |`,
    );
  }
  if (data.singles?.length) {
    lines.push(
      '',
      data.driver === 'postgres'
        ? 'Single requests: each is served by a fresh API process of its own (`bench/serve.ts`, built as `pnpm start` builds the server), whose peak resident set (VmHWM, start-up included) is the RSS shown.'
        : 'Single requests: served by the bench\'s own process, which also holds PGlite, the dataset and the load generator; its RSS is all of theirs. The targets are for a PostgreSQL server and are not judged here.',
      '',
      '| single request | time ms | size MB | RSS before MB | peak RSS MB | target | |',
      '| --- | ---: | ---: | ---: | ---: | --- | --- |',
    );
    for (const r of data.singles) lines.push(`| ${r.name} | ${r.result.ms} | ${(r.result.bytes / 1048576).toFixed(1)} | ${r.result.rssBeforeMb} | ${r.result.peakRssMb} | ${r.target ?? ''} | ${metCell(r.met)} |`);
  }
  return lines.join('\n');
}

type Result = { items: number; orgs: number; driver: string; generationSeconds: number; generationNote?: string; rows: Row[]; singles?: SingleRow[]; date: string };
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Result;

/**
 * Growth between the smallest and the largest dataset of one driver: each latency's ratio beside the ratio of the
 * item counts. Linear growth would be a ratio equal to the item ratio; scoped reads should stay near 1.
 */
function growth(files: string[]) {
  const results = files.map(read).filter((r) => r.driver === 'postgres');
  if (results.length < 2) return '';
  const small = results.reduce((a, b) => (a.items <= b.items ? a : b));
  const large = results.reduce((a, b) => (a.items >= b.items ? a : b));
  if (small.items === large.items) return '';
  const factor = large.items / small.items;
  const lines = [
    `### Growth from ${small.items.toLocaleString('en')} to ${large.items.toLocaleString('en')} items (×${factor})`,
    '',
    'Latency at the larger size ÷ latency at the smaller, each measured in its own run; linear growth would be ×' + factor + '.',
    '',
    '| measurement | small p50 ms | large p50 ms | growth | no faster than linear |',
    '| --- | ---: | ---: | ---: | --- |',
  ];
  // Jobs too: the monthly snapshot must grow no faster than the data (issue 20).
  const grew = (before: number, after: number) => `×${(after / before).toFixed(1)} | ${metCell(after / before <= factor)}`;
  for (const row of large.rows) {
    const before = small.rows.find((r) => r.name === row.name && r.connections === row.connections);
    // Under a millisecond at both sizes (the bare route) there is nothing to compare.
    if (before && row.connections === 10 && before.result.p50 > 0) lines.push(`| ${row.name} | ${before.result.p50} | ${row.result.p50} | ${grew(before.result.p50, row.result.p50)} |`);
  }
  for (const row of large.singles ?? []) {
    const key = row.name.replace(/[\d,]+ rows/, 'N rows');
    const before = small.singles?.find((r) => r.name.replace(/[\d,]+ rows/, 'N rows') === key);
    if (before) lines.push(`| ${row.name} (single) | ${before.result.ms} | ${row.result.ms} | ${grew(Math.max(1, before.result.ms), row.result.ms)} |`);
  }
  return lines.join('\n');
}

/** Rewrites the results section of docs/performance.md from every JSON result file, largest dataset first. */
export function writeReport({ resultsDir }: { resultsDir: string; stamp: string }) {
  const files = readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => Number(b.replace(/\D/g, '')) - Number(a.replace(/\D/g, '')));
  const paths = files.map((f) => `${resultsDir}/${f}`);
  const section = `${START}\n${[...paths.map(table), growth(paths)].filter(Boolean).join('\n\n')}\n${END}`;
  let doc: string;
  try {
    doc = readFileSync(docPath, 'utf8');
  } catch {
    doc = `# Performance\n\n${START}\n${END}\n`;
  }
  const next = doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*${END}`), section) : `${doc}\n${section}\n`;
  writeFileSync(docPath, next);
}
