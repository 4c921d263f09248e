import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.js';

export interface Row {
  name: string;
  connections: number;
  result: LoadResult;
  baseline?: LoadResult;
  ratio?: number;
  target?: string;
}

const docPath = fileURLToPath(new URL('../../docs/performance.md', import.meta.url));
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function table(file: string) {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { items: number; orgs: number; driver: string; generationSeconds: number; rows: Row[]; date: string };
  const lines = [
    `### ${data.items.toLocaleString('en')} items, ${data.orgs.toLocaleString('en')} organizations, ${data.driver} (${data.date.slice(0, 10)})`,
    '',
    `Dataset generated in ${data.generationSeconds.toFixed(0)} s.`,
    '',
    '| measurement | conns | req/s | p50 ms | p99 ms | baseline req/s | ratio | errors | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of data.rows) {
    lines.push(
      `| ${r.name} | ${r.connections} | ${r.result.requestsPerSecond} | ${r.result.p50} | ${r.result.p99} | ${r.baseline?.requestsPerSecond ?? '–'} | ${r.ratio ? `${(r.ratio * 100).toFixed(0)} %` : '–'} | ${r.result.errors + r.result.non2xx} | ${r.target ?? ''} |`,
    );
  }
  return lines.join('\n');
}

/** Rewrites the results section of docs/performance.md from every JSON result file, largest dataset first. */
export function writeReport({ resultsDir }: { resultsDir: string; stamp: string }) {
  const files = readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => Number(b.replace(/\D/g, '')) - Number(a.replace(/\D/g, '')));
  const section = `${START}\n${files.map((f) => table(`${resultsDir}/${f}`)).join('\n\n')}\n${END}`;
  let doc: string;
  try {
    doc = readFileSync(docPath, 'utf8');
  } catch {
    doc = `# Performance\n\n${START}\n${END}\n`;
  }
  const next = doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*${END}`), section) : `${doc}\n${section}\n`;
  writeFileSync(docPath, next);
}
