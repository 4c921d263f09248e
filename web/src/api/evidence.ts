import { api } from './index';

/** The file name a Content-Disposition header gives (RFC 6266: `filename*` in UTF-8 wins over `filename`). */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(disposition);
  const name = plain?.[1] ?? plain?.[2]?.trim();
  return name || fallback;
}

/**
 * Evidence files come with the bearer token, never by navigating to the API: the app's origin must not open a
 * file someone uploaded. Blobs are shown as images, drawn by pdf.js, or saved through a download link.
 */
export const evidenceApi = {
  async thumbnail(id: number, signal?: AbortSignal): Promise<Blob> {
    const res = await api.file(`/api/evidence/${id}/thumbnail`, { signal });
    return res.blob();
  },
  async file(id: number, fallbackName: string, signal?: AbortSignal): Promise<{ blob: Blob; fileName: string }> {
    const res = await api.file(`/api/evidence/${id}/download`, { signal });
    return { blob: await res.blob(), fileName: fileNameFrom(res.headers.get('content-disposition'), fallbackName) };
  },
};
