import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/test/fixtures';
import { ApiError } from './errors';
import { tokens } from './index';
import { uploadImport } from './ledger-io';

/** An XMLHttpRequest that records what was sent and answers from a script, with upload progress events. */
class FakeXhr {
  static sent: Array<{ method: string; url: string; headers: Record<string, string>; body: FormData }> = [];
  static answers: Array<{ status: number; body: unknown } | 'network'> = [];
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null; onload: (() => void) | null } = { onprogress: null, onload: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: ((e: unknown) => void) | null = null;
  status = 0;
  responseText = '';
  private method = '';
  private url = '';
  private headers: Record<string, string> = {};
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  abort() {
    this.onabort?.({});
  }
  send(body: FormData) {
    FakeXhr.sent.push({ method: this.method, url: this.url, headers: this.headers, body });
    const answer = FakeXhr.answers.shift()!;
    queueMicrotask(() => {
      if (answer === 'network') return this.onerror?.();
      this.upload.onprogress?.({ loaded: 50, total: 100, lengthComputable: true });
      this.upload.onprogress?.({ loaded: 100, total: 100, lengthComputable: true });
      this.upload.onload?.();
      this.status = answer.status;
      this.responseText = JSON.stringify(answer.body);
      this.onload?.();
    });
  }
}

const file = () => new File([new Uint8Array(100)], '台账.xlsx');
const result = { dryRun: true, ok: true, rowCount: 0, created: 0, errorCount: 0, errors: [], sheets: [], rows: [] };

beforeEach(() => {
  FakeXhr.sent = [];
  FakeXhr.answers = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  tokens.set({ accessToken: 'access-1', refreshToken: 'refresh-1' });
});
afterEach(() => tokens.clear());

describe('uploading a ledger for import', () => {
  it('posts the file as multipart field "file" with the bearer token and the dry-run flag, reporting progress', async () => {
    FakeXhr.answers.push({ status: 200, body: result });
    const progress: number[] = [];
    let uploaded = false;
    const answer = await uploadImport({ file: file(), query: { dryRun: true, source: 'review' }, onProgress: ({ loaded }) => progress.push(loaded), onUploaded: () => (uploaded = true) });
    expect(answer).toEqual(result);
    const [request] = FakeXhr.sent;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/api/items/import?dryRun=true&source=review');
    expect(request!.headers.authorization).toBe('Bearer access-1');
    expect((request!.body.get('file') as File).name).toBe('台账.xlsx');
    expect(progress).toEqual([50, 100]);
    expect(uploaded).toBe(true);
  });

  it('a refusal becomes an ApiError with the translated message and the report in its details', async () => {
    FakeXhr.answers.push({ status: 400, body: { error: { code: 'import.invalid_rows', message: 'server text', details: result } } });
    const error = await uploadImport({ file: file(), query: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'import.invalid_rows', message: '导入文件有错误，未导入任何事项；请先修正后重试', details: result });
  });

  it('a network failure is client.network, as for every other call', async () => {
    FakeXhr.answers.push('network');
    await expect(uploadImport({ file: file(), query: {} })).rejects.toMatchObject({ status: 0, code: 'client.network' });
  });

  it('an expired token is refreshed through the app client, and the file sent once more with the new token', async () => {
    FakeXhr.answers.push({ status: 401, body: { error: { code: 'auth.token_expired', message: '登录已过期' } } }, { status: 200, body: result });
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input), 'http://app.test').pathname;
      const bearer = (init?.headers as Record<string, string>).authorization;
      if (path === '/api/auth/refresh') return jsonResponse(200, { accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 900 });
      if (path === '/api/auth/me' && bearer === 'Bearer access-2') return jsonResponse(200, { id: 1 });
      return jsonResponse(401, { error: { code: 'auth.token_expired', message: '登录已过期' } });
    });
    vi.stubGlobal('fetch', fetchMock);
    await expect(uploadImport({ file: file(), query: { dryRun: true } })).resolves.toEqual(result);
    expect(FakeXhr.sent.map((r) => r.headers.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(tokens.refresh).toBe('refresh-2');
  });
});
