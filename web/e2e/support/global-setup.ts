import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findChromium, webDir, workspaceDir } from './paths';

declare module 'vitest' {
  interface ProvidedContext {
    /** Path to Chromium, or '' when the e2e tests are to be skipped. */
    chromiumPath: string;
  }
}

const sources = [join(webDir, 'src'), join(webDir, 'public'), join(webDir, 'index.html'), join(webDir, 'vite.config.ts'), join(webDir, 'vite-plugins'), join(webDir, 'package.json'), join(workspaceDir, 'shared', 'src')];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds web/dist unless it is newer than every source it comes from. */
function buildIfStale() {
  const built = join(webDir, 'dist', 'index.html');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  if (builtAt > Math.max(...sources.map(newestMtime))) return;
  const vite = join(dirname(createRequire(join(webDir, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  // Vitest sets NODE_ENV=test, which would make Vite build a development bundle.
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: webDir, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`vite build failed with exit code ${result.status}`);
}

export default function setup(project: TestProject) {
  const chromium = findChromium();
  if (!chromium) {
    const message = 'Chromium was not found at /usr/bin/chromium (apt-get install -y chromium)';
    if (process.env.E2E_REQUIRED) throw new Error(`${message}; E2E_REQUIRED is set, so the e2e tests cannot be skipped.`);
    console.warn(`\n[e2e] SKIPPED: ${message}. Set E2E_REQUIRED=1 to make this a failure.\n`);
    project.provide('chromiumPath', '');
    return;
  }
  buildIfStale();
  project.provide('chromiumPath', chromium);
}
