import type { AnswerSelfCheckBody, CreateSelfCheckBody, SelfCheckListQuery, SelfCheckRequest, SelfCheckTask, SelfCheckTaskQuery } from '@rectify/shared';
import { api } from './index';

export const selfChecksApi = {
  /** 举一反三 from an item: asks the chosen organizations, its siblings or a subtree. */
  create: (itemId: number, body: CreateSelfCheckBody) => api.post<SelfCheckRequest>(`/api/items/${itemId}/self-checks`, body),
  forItem: (itemId: number, signal?: AbortSignal) => api.get<{ items: SelfCheckRequest[] }>(`/api/items/${itemId}/self-checks`, { signal }),
  list: (query: SelfCheckListQuery = {}, signal?: AbortSignal) => api.get<{ items: SelfCheckRequest[]; total: number }>('/api/self-checks', { query: { ...query }, signal }),
  /** What the caller's organizations are asked to answer. */
  tasks: (query: SelfCheckTaskQuery = {}, signal?: AbortSignal) => api.get<{ items: SelfCheckTask[]; total: number }>('/api/self-checks/tasks', { query: { ...query }, signal }),
  answer: (answerId: number, body: AnswerSelfCheckBody) => api.post<{ task: SelfCheckTask }>(`/api/self-checks/tasks/${answerId}/answer`, body),
};
