import type { ImportQuery, ImportResult, ItemListQuery } from '@rectify/shared';
import { translateError } from '@/i18n';
import { fileNameFrom } from './evidence';
import { ApiError } from './errors';
import { IDEMPOTENCY_HEADER, newIdempotencyKey } from './idempotency';
import { api, tokens } from './index';
import type { QueryValue } from './client';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface ImportUpload {
  file: File;
  query: ImportQuery;
  /** Bytes of the request body sent so far (XMLHttpRequest's upload events; fetch has none). */
  onProgress?: (progress: UploadProgress) => void;
  /** Called once the whole file is sent: the server is now reading and checking it. */
  onUploaded?: () => void;
  signal?: AbortSignal;
  /** A real run's Idempotency-Key (one is made per upload when omitted); a dry run writes nothing and sends none. */
  idempotencyKey?: string;
}

interface XhrAnswer {
  status: number;
  text: string;
}

function toQuery(query: object): Record<string, QueryValue> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Record<string, QueryValue>;
}

function urlOf(path: string, query: Record<string, QueryValue>) {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return search ? `${path}?${search}` : path;
}

/** The same mapping as api/client.ts: `{ error: { code, message, details } }` becomes a translated ApiError. */
function toError({ status, text }: XhrAnswer): ApiError {
  let error: { code?: unknown; message?: unknown; details?: unknown } | undefined;
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error;
  } catch {
    error = undefined;
  }
  if (error && typeof error.code === 'string') {
    const serverMessage = typeof error.message === 'string' ? error.message : undefined;
    return new ApiError({ status, code: error.code, message: translateError(error.code, serverMessage ?? error.code), serverMessage, details: error.details });
  }
  return new ApiError({ status, code: 'client.bad_response', message: translateError('client.bad_response', `HTTP ${status}`) });
}

function sendOnce(url: string, { file, onProgress, onUploaded, signal, idempotencyKey }: ImportUpload, token: string | null): Promise<XhrAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    if (idempotencyKey) xhr.setRequestHeader(IDEMPOTENCY_HEADER, idempotencyKey);
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.upload.onload = () => onUploaded?.();
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'client.network', message: translateError('client.network', '无法连接服务器，请检查网络') }));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    if (signal?.aborted) return xhr.onabort(new ProgressEvent('abort'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * Uploads a ledger for import with upload progress. On a 401 it lets the app's client deal with the session
 * (a cheap authenticated call refreshes an expired token, or ends a session that is gone) and sends once more.
 */
export async function uploadImport(given: ImportUpload): Promise<ImportResult> {
  const upload = given.query.dryRun ? { ...given, idempotencyKey: undefined } : { ...given, idempotencyKey: given.idempotencyKey ?? newIdempotencyKey() };
  const url = urlOf('/api/items/import', toQuery(upload.query));
  let answer = await sendOnce(url, upload, tokens.access);
  if (answer.status === 401) {
    await api.get('/api/auth/me');
    answer = await sendOnce(url, upload, tokens.access);
  }
  if (answer.status < 200 || answer.status >= 300) throw toError(answer);
  try {
    return JSON.parse(answer.text) as ImportResult;
  } catch {
    throw toError(answer);
  }
}

/** Reads a streamed file, reporting the bytes received so far (an export's length is not known in advance). */
async function readBlob(res: Response, onBytes?: (bytes: number) => void): Promise<Blob> {
  if (!res.body || !onBytes) return res.blob();
  const reader = res.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value as Uint8Array<ArrayBuffer>);
    bytes += value.byteLength;
    onBytes(bytes);
  }
  return new Blob(chunks);
}

export const ledgerIoApi = {
  upload: uploadImport,

  /** The ledger with the list's filters; paging does not apply (every page is exported). */
  async exportXlsx(query: ItemListQuery, { signal, onBytes }: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {}) {
    const { page: _page, pageSize: _pageSize, ...filters } = query;
    const res = await api.file('/api/items/export.xlsx', { query: toQuery(filters), signal });
    return { blob: await readBlob(res, onBytes), fileName: fileNameFrom(res.headers.get('content-disposition'), '问题整改台账.xlsx') };
  },

  async template(signal?: AbortSignal) {
    const res = await api.file('/api/items/import-template.xlsx', { signal });
    return { blob: await res.blob(), fileName: fileNameFrom(res.headers.get('content-disposition'), '问题整改台账导入模板.xlsx') };
  },
};
