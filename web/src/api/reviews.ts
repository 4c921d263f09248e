import type { Static } from 'typebox';
import type { Review, ReviewListQuery } from '@rectify/shared';
import { api } from './index';

export const reviewsApi = {
  list: (query: Static<typeof ReviewListQuery> = {}) => api.get<{ items: Review[]; total: number }>('/api/reviews', { query: { ...query } }),
};
