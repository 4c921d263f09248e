import type {
  ConfirmDraftsBody,
  CreatedItemRef,
  CreateReviewBody,
  ExtractBody,
  ExtractResult,
  Review,
  ReviewComment,
  ReviewDetail,
  ReviewListQuery,
  UpdateReviewBody,
} from '@rectify/shared';
import { api } from './index';

export type ReviewPage = { items: Review[]; total: number };

export const reviewsApi = {
  /** Reviews in the caller's scope, each with the roll-up of the items drawn from it. */
  list: (query: ReviewListQuery = {}, signal?: AbortSignal) => api.get<ReviewPage>('/api/reviews', { query: { ...query }, signal }),
  /** The comments per organization and each organization's roll-up. */
  detail: (id: number, signal?: AbortSignal) => api.get<ReviewDetail>(`/api/reviews/${id}`, { signal }),
  create: (body: CreateReviewBody) => api.post<ReviewDetail>('/api/reviews', body),
  update: (id: number, body: UpdateReviewBody) => api.patch<ReviewDetail>(`/api/reviews/${id}`, body),
  /** Refused with 409 reviews.has_items once items were drawn from it. */
  remove: (id: number) => api.delete<{ ok: true }>(`/api/reviews/${id}`),
  putComment: (id: number, orgId: number, text: string) => api.put<ReviewComment>(`/api/reviews/${id}/comments/${orgId}`, { text }),
  removeComment: (id: number, orgId: number) => api.delete<{ ok: true }>(`/api/reviews/${id}/comments/${orgId}`),
  /** Draft items read from a comment; the server stores nothing. */
  extract: (id: number, body: ExtractBody) => api.post<ExtractResult>(`/api/reviews/${id}/extract`, body),
  /** Creates the kept drafts as items of one organization, with its comment, in one transaction. */
  confirm: (id: number, body: ConfirmDraftsBody, idempotencyKey?: string) => api.post<{ items: CreatedItemRef[] }>(`/api/reviews/${id}/items`, body, { idempotencyKey }),
};
