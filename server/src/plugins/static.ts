import { relative, sep } from 'node:path';
import type { FastifyStaticOptions } from '@fastify/static';

/** Vite names every file under assets/ after its content, so a new build never reuses one of their URLs. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html, favicon, pdf.js data) keeps its URL across builds: the browser asks each time, mostly for a 304. */
const REVALIDATE = 'no-cache';

/**
 * How the built SPA is served: the build's `.br`/`.gz` siblings to browsers that accept them (a phone network
 * carries a third of the bytes), hashed assets cached for a year without asking again, and the page itself —
 * also when sent for a client route by the not-found handler — always revalidated so that a deploy shows at once.
 */
export function spaStaticOptions(root: string): FastifyStaticOptions {
  return {
    root,
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    setHeaders(reply, filePath) {
      const path = relative(root, filePath).split(sep).join('/');
      void reply.header('cache-control', path.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
    },
  };
}
