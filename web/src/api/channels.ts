import type { Static } from 'typebox';
import type { Channel, CreateChannelBody, Delivery, DeliveryListQuery, UpdateChannelBody, ChannelTestResult } from '@rectify/shared';
import { api } from './index';

/** Outbound notification channels (administrators only). Answers never carry secrets: only whether one is set. */
export const channelsApi = {
  list: () => api.get<{ items: Channel[] }>('/api/notification-channels'),
  create: (body: CreateChannelBody) => api.post<Channel>('/api/notification-channels', body),
  update: (id: number, body: UpdateChannelBody) => api.patch<Channel>(`/api/notification-channels/${id}`, body),
  remove: (id: number) => api.delete<{ ok: true }>(`/api/notification-channels/${id}`),
  /** Sends a test message now and answers what the receiver said; a refusal is `ok: false`, not an error. */
  test: (id: number) => api.post<Static<typeof ChannelTestResult>>(`/api/notification-channels/${id}/test`),
  deliveries: (id: number, query: DeliveryListQuery = {}, signal?: AbortSignal) =>
    api.get<{ items: Delivery[]; total: number }>(`/api/notification-channels/${id}/deliveries`, { query: { ...query }, signal }),
};
