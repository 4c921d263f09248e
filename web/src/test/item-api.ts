import { vi } from 'vitest';
import type { ItemDetail } from '@rectify/shared';
import { jsonResponse } from './fixtures';

export interface ApiCall {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

/**
 * The items API at the network boundary, holding one item with a version as the server does: a PATCH or a
 * transition with another version is refused with 409 items.stale_version, as is every write after `changeBehindBack`.
 */
export function stubItemApi(initial: ItemDetail) {
  let item = initial;
  const calls: ApiCall[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://app.test');
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    calls.push({ method, path: url.pathname, body });
    if (url.pathname === `/api/items/${item.id}` && method === 'GET') return jsonResponse(200, item);
    if (url.pathname === `/api/items/${item.id}/transitions` || (url.pathname === `/api/items/${item.id}` && method === 'PATCH')) {
      if (body?.version !== item.version) return jsonResponse(409, { error: { code: 'items.stale_version', message: '该事项已被他人修改，请刷新后重试' } });
      if (body.action === 'reject_closure' && !body.comment) return jsonResponse(400, { error: { code: 'items.comment_required', message: '请填写说明或理由' } });
      const { version: _v, action, ...changes } = body;
      item = { ...item, ...(action ? { status: action === 'request_closure' ? 'closure_requested' : item.status } : changes), version: item.version + 1 } as ItemDetail;
      return jsonResponse(200, item);
    }
    if (url.pathname === '/api/notices') return jsonResponse(200, { items: [], total: 0 });
    return jsonResponse(404, { error: { code: 'common.not_found', message: '请求的资源不存在' } });
  });
  vi.stubGlobal('fetch', fetchStub);
  return {
    calls,
    current: () => item,
    /** Another user changes the item: its version moves on. */
    changeBehindBack(changes: Partial<ItemDetail> = {}) {
      item = { ...item, ...changes, version: item.version + 1 };
    },
  };
}
