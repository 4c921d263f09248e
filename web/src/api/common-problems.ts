import type { BatchItemsBody, BatchItemsResult, CommonProblem, CommonProblemDetail, CommonProblemListQuery } from '@rectify/shared';
import { api } from './index';

export type CommonProblemPage = { items: CommonProblem[]; total: number };

export const commonProblemsApi = {
  list: (query: CommonProblemListQuery = {}, signal?: AbortSignal) => api.get<CommonProblemPage>('/api/common-problems', { query: { ...query }, signal }),
  /** One row per organization, and those overdue. */
  detail: (id: number, signal?: AbortSignal) => api.get<CommonProblemDetail>(`/api/common-problems/${id}`, { signal }),
  /** Issues one problem to many organizations: one item each, all or none. */
  batch: (body: BatchItemsBody, idempotencyKey?: string) => api.post<BatchItemsResult>('/api/items/batch', body, { idempotencyKey }),
};
