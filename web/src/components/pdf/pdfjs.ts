import * as pdfjs from 'pdfjs-dist';
// The worker is a file of its own, served from the app's origin (the page's CSP allows only 'self' scripts).
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** pdf.js' data folders, copied into the build by vite-plugins/pdfjs-assets.ts. */
const base = `${import.meta.env.BASE_URL}pdfjs/`;

/** Opens a PDF from bytes. Character maps make Chinese documents without embedded fonts readable. */
export function openPdf(data: ArrayBuffer) {
  return pdfjs.getDocument({
    data,
    cMapUrl: `${base}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${base}standard_fonts/`,
    wasmUrl: `${base}wasm/`,
    iccUrl: `${base}iccs/`,
    enableXfa: false,
  }).promise;
}
