import type { Notice, NoticeListQuery } from '@rectify/shared';
import { api } from './index';

export const noticesApi = {
  list: (query: NoticeListQuery = {}) => api.get<{ items: Notice[]; total: number }>('/api/notices', { query: { ...query } }),
};
