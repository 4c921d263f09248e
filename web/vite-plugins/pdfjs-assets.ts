import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import type { Plugin } from 'vite';

/** What pdf.js fetches at run time for some documents: CJK character maps, the 14 standard fonts, image decoders. */
const folders = ['cmaps', 'standard_fonts', 'wasm', 'iccs'] as const;
export const PDFJS_BASE = '/pdfjs/';

const types: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' };

/**
 * Serves pdf.js' data folders under /pdfjs/ in development and copies them into the build, unhashed, because
 * pdf.js builds their URLs itself from a base URL (see PdfViewer: cMapUrl, standardFontDataUrl, wasmUrl, iccUrl).
 */
export function pdfjsAssets(): Plugin {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const files = () => folders.flatMap((folder) => readdirSync(join(root, folder)).map((name) => `${folder}/${name}`));

  return {
    name: 'rectify:pdfjs-assets',
    configureServer(server) {
      server.middlewares.use(PDFJS_BASE, (req, res, next) => {
        const path = normalize(decodeURIComponent((req.url ?? '').split('?')[0]!)).replace(/^[/\\]+/, '');
        const file = join(root, path);
        if (!folders.some((folder) => path.startsWith(`${folder}${sep}`) || path.startsWith(`${folder}/`)) || !existsSync(file) || !statSync(file).isFile()) return next();
        const ext = path.slice(path.lastIndexOf('.'));
        res.setHeader('content-type', types[ext] ?? 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const path of files()) {
        if (path.includes('LICENSE')) continue;
        this.emitFile({ type: 'asset', fileName: `${PDFJS_BASE.slice(1)}${path}`, source: readFileSync(join(root, path)) });
      }
    },
  };
}
