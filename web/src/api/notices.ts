import type { CreateNoticeBody, GenerateRedNoticesBody, Notice, NoticeDetail, NoticeListQuery } from '@rectify/shared';
import { api } from './index';

export type NoticePage = { items: Notice[]; total: number };

export const noticesApi = {
  list: (query: NoticeListQuery = {}, signal?: AbortSignal) => api.get<NoticePage>('/api/notices', { query: { ...query }, signal }),
  detail: (id: number, signal?: AbortSignal) => api.get<NoticeDetail>(`/api/notices/${id}`, { signal }),
  /** One notice to one organization: for chosen items (all of that organization), or all its overdue items. */
  create: (body: CreateNoticeBody) => api.post<NoticeDetail>('/api/notices', body),
  /** One red notice per organization with overdue items, all or none. */
  generateRed: (body: GenerateRedNoticesBody) => api.post<{ notices: Notice[]; itemCount: number }>('/api/notices/generate-red', body),
  /** The recipient's answer; a notice is answered once. */
  reply: (id: number, content: string) => api.post<NoticeDetail>(`/api/notices/${id}/reply`, { content }),
  /** The notice as a Word document, fetched with the bearer token. */
  document: (id: number) => api.file(`/api/notices/${id}/document`),
};
