import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's top folder, the one holding pnpm-workspace.yaml, found from this file's own location: the same
 * answer whether the server runs from its sources (src/lib/) or from its build (dist/), which sit at other depths.
 */
export const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('the repository (pnpm-workspace.yaml) was not found above the server');
    dir = up;
  }
  return dir;
})();

/**
 * DATA_DIR's default: `data/` at the repository's top, whether the server is started by `pnpm start` (which runs in
 * `server/`) or as `node server/dist/server.js` from the top. An installation that kept its data in `server/data/`
 * (where `pnpm start` put it before) goes on using it while there is no `data/` at the top.
 */
export function defaultDataDir(root = repoRoot): string {
  const top = join(root, 'data');
  const earlier = join(root, 'server', 'data');
  return !existsSync(top) && existsSync(earlier) ? earlier : top;
}
