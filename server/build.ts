/**
 * Builds the server to run on plain Node: our TypeScript and @rectify/shared bundled into one folder of ES modules,
 * every other package left to node_modules. Run from its sources, each server process also carried tsx's loader
 * (a thread of its own) and the transpiled sources, some 70 MB of memory it never gave back.
 * `pnpm start` runs `dist/server.js`; the bench builds its own entry points the same way.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export async function buildServer({ entryPoints, outdir }: { entryPoints: Record<string, string>; outdir: string }) {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Lazily imported modules (the report builders, PGlite) stay chunks of their own, loaded on first use.
    splitting: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'packages-from-node-modules',
        setup(esbuild) {
          esbuild.onResolve({ filter: /^[^./]/ }, ({ path }) => (path.startsWith('@rectify/') ? undefined : { path, external: true }));
        },
      },
    ],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  await buildServer({ entryPoints: { server: `${here}src/server.ts` }, outdir: `${here}dist` });
}
