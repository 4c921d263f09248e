import type { CarryBody, CarryResult, EarlierItemsResult } from '@rectify/shared';
import { api } from './index';

export const reviewCarryApi = {
  /** 上年度问题整改情况: the organization's items from earlier reviews, unfinished first. */
  earlier: (reviewId: number, orgId: number, signal?: AbortSignal) => api.get<EarlierItemsResult>(`/api/reviews/${reviewId}/earlier`, { query: { orgId }, signal }),
  /** Carries the named items, or every unfinished one of the organization when none are named. */
  carry: (reviewId: number, body: CarryBody) => api.post<CarryResult>(`/api/reviews/${reviewId}/carry`, body),
};
