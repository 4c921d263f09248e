import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { Notification } from '@rectify/shared';
import { jsonResponse } from '@/test/fixtures';
import { INBOX_POLL_MS, notificationTarget, useInboxStore } from './inbox';

const note = (id: number, overrides: Partial<Notification> = {}): Notification => ({
  id,
  kind: 'closure_returned',
  title: `通知 ${id}`,
  body: '',
  itemId: 10 + id,
  noticeId: null,
  createdAt: '2026-12-01T08:00:00.000Z',
  readAt: null,
  ...overrides,
});

/** The inbox API at the network boundary, holding what the server would. */
function serve(initial: Notification[]) {
  let inbox = [...initial];
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://app.test');
      calls.push(`${init.method ?? 'GET'} ${url.pathname}`);
      if (url.pathname === '/api/notifications') return jsonResponse(200, { items: inbox.slice(0, 10), total: inbox.length, unread: inbox.filter((n) => !n.readAt).length });
      const read = /^\/api\/notifications\/(\d+)\/read$/.exec(url.pathname);
      if (read) {
        inbox = inbox.map((n) => (n.id === Number(read[1]) ? { ...n, readAt: '2026-12-01T09:00:00.000Z' } : n));
        return jsonResponse(200, inbox.find((n) => n.id === Number(read[1])));
      }
      return jsonResponse(404, { error: { code: 'common.not_found', message: '请求的资源不存在' } });
    }),
  );
  return { calls, arrive: (n: Notification) => (inbox = [n, ...inbox]) };
}

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.setItem('rectify.accessToken', 'access');
  setActivePinia(createPinia());
});
afterEach(() => {
  useInboxStore().stop();
  vi.useRealTimers();
});

describe('the inbox store', () => {
  it('when a notification arrives, the next poll shows it and counts it, within the poll interval', async () => {
    const server = serve([note(1, { readAt: '2026-11-30T00:00:00.000Z' })]);
    const inbox = useInboxStore();
    inbox.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(inbox.unread).toBe(0);
    server.arrive(note(2, { kind: 'notice_issued', noticeId: 5, itemId: null }));
    await vi.advanceTimersByTimeAsync(INBOX_POLL_MS);
    expect(inbox.unread).toBe(1);
    expect(inbox.latest[0]).toMatchObject({ id: 2, kind: 'notice_issued' });
    expect(INBOX_POLL_MS).toBeLessThanOrEqual(60_000);
  });

  it('when two parts of the page watch it, one poll runs, and it stops with the last', async () => {
    const server = serve([]);
    const inbox = useInboxStore();
    inbox.start();
    inbox.start();
    await vi.advanceTimersByTimeAsync(INBOX_POLL_MS * 2);
    expect(server.calls.filter((c) => c === 'GET /api/notifications')).toHaveLength(3);
    inbox.stop();
    inbox.stop();
    await vi.advanceTimersByTimeAsync(INBOX_POLL_MS * 2);
    expect(server.calls.filter((c) => c === 'GET /api/notifications')).toHaveLength(3);
  });

  it('when one is opened, it is marked read at once and the count drops without another poll', async () => {
    serve([note(1), note(2)]);
    const inbox = useInboxStore();
    await inbox.refresh();
    expect(inbox.unread).toBe(2);
    await inbox.markRead(inbox.latest[1]);
    expect(inbox.unread).toBe(1);
    expect(inbox.latest[1].readAt).not.toBeNull();
  });

  it('leads to the 督办单 when it is about one, else to the item', () => {
    expect(notificationTarget({ itemId: 3, noticeId: 9 })).toEqual({ name: 'notice', params: { id: 9 } });
    expect(notificationTarget({ itemId: 3, noticeId: null })).toEqual({ name: 'item', params: { id: 3 } });
    expect(notificationTarget({ itemId: null, noticeId: null })).toBeNull();
  });
});
