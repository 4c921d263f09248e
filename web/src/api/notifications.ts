import type { Notification, NotificationKind, NotificationListQuery } from '@rectify/shared';
import { api } from './index';

export type NotificationPage = { items: Notification[]; total: number; unread: number };

/** The signed-in user's own inbox. */
export const notificationsApi = {
  list: (query: NotificationListQuery = {}, signal?: AbortSignal) => api.get<NotificationPage>('/api/notifications', { query: { ...query }, signal }),
  unreadCount: () => api.get<{ unread: number }>('/api/notifications/unread-count'),
  markRead: (id: number) => api.post<Notification>(`/api/notifications/${id}/read`),
  markAllRead: (kind?: NotificationKind) => api.post<{ updated: number }>('/api/notifications/read-all', undefined, { query: kind ? { kind } : {} }),
};
