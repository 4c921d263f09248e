import { ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { Notification } from '@rectify/shared';
import { notificationsApi } from '@/api/notifications';
import { INBOX_POLL_MS } from './inbox-poll';

export { INBOX_POLL_MS };
const LATEST = 10;

/**
 * The bell's unread count and latest notifications. Kept fresh by a poll while the tab is visible, and at once when
 * the tab comes back into view; a failed poll keeps the last figures (the next one tries again).
 */
export const useInboxStore = defineStore('inbox', () => {
  const unread = ref(0);
  const latest = shallowRef<Notification[]>([]);
  let timer: ReturnType<typeof setInterval> | undefined;
  let watchers = 0;

  async function refresh() {
    try {
      const page = await notificationsApi.list({ pageSize: LATEST });
      latest.value = page.items;
      unread.value = page.unread;
    } catch {
      // Offline or signed out: the figures stay as they were until the next poll.
    }
  }

  const onVisible = () => {
    if (document.visibilityState === 'visible') void refresh();
  };

  /** Starts polling for one watcher (the header); `stop` from the last one ends it. */
  function start() {
    watchers += 1;
    if (watchers > 1) return;
    void refresh();
    timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') void refresh();
    }, INBOX_POLL_MS);
    document.addEventListener('visibilitychange', onVisible);
  }

  function stop() {
    watchers = Math.max(0, watchers - 1);
    if (watchers > 0) return;
    clearInterval(timer);
    timer = undefined;
    document.removeEventListener('visibilitychange', onVisible);
  }

  /** Marks one read where it is listed, without waiting for the next poll. */
  async function markRead(notification: Notification) {
    if (notification.readAt) return;
    const read = await notificationsApi.markRead(notification.id);
    latest.value = latest.value.map((n) => (n.id === read.id ? read : n));
    unread.value = Math.max(0, unread.value - 1);
  }

  async function markAllRead() {
    await notificationsApi.markAllRead();
    await refresh();
  }

  return { unread, latest, refresh, start, stop, markRead, markAllRead };
});

/** Where a notification leads: its 督办单 when it is about one, else its item. */
export function notificationTarget(n: Pick<Notification, 'itemId' | 'noticeId'>) {
  if (n.noticeId) return { name: 'notice', params: { id: n.noticeId } };
  if (n.itemId) return { name: 'item', params: { id: n.itemId } };
  return null;
}
