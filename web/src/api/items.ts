import type {
  CreateItemBody,
  HistoryEntry,
  ItemDetail,
  ItemListQuery,
  ItemPage,
  LedgerSheetPage,
  ObjectionBody,
  ObjectionReplyBody,
  ProgressBody,
  TransferBody,
  TransitionBody,
  UpdateItemBody,
} from '@rectify/shared';
import { api } from './index';

export type { ItemPage };

export const itemsApi = {
  /** The ledger within the caller's scope, filtered, sorted and paged by the server. */
  list: (query: ItemListQuery = {}, signal?: AbortSignal) => api.get<ItemPage>('/api/items', { query: { ...query }, signal }),
  /** A page of the 台账 in one request: each row with its measures, progress, evidence names and 督办情况, as the export writes it. */
  ledger: (query: ItemListQuery = {}, signal?: AbortSignal) => api.get<LedgerSheetPage>('/api/items/ledger', { query: { ...query }, signal }),
  detail: (id: number, signal?: AbortSignal) => api.get<ItemDetail>(`/api/items/${id}`, { signal }),
  history: (id: number, signal?: AbortSignal) => api.get<{ items: HistoryEntry[] }>(`/api/items/${id}/history`, { signal }),
  /** `idempotencyKey`: the form's submit key, so a resend of the same submit creates once. */
  create: (body: CreateItemBody, idempotencyKey?: string) => api.post<ItemDetail>('/api/items', body, { idempotencyKey }),
  /** Answers 409 `items.stale_version` when someone changed the item since `version`. */
  update: (id: number, body: UpdateItemBody) => api.patch<ItemDetail>(`/api/items/${id}`, body),
  transition: (id: number, body: TransitionBody) => api.post<ItemDetail>(`/api/items/${id}/transitions`, body),
  /** 异议: the organization objects to an item waiting for 签收. */
  object: (id: number, body: ObjectionBody) => api.post<ItemDetail>(`/api/items/${id}/objection`, body),
  /** 转办: the committee gives an objected item to another organization of its scope. */
  transfer: (id: number, body: TransferBody) => api.post<ItemDetail>(`/api/items/${id}/transfer`, body),
  /** 驳回异议: the committee answers the objection; the item waits for 签收 again. */
  replyObjection: (id: number, body: ObjectionReplyBody) => api.post<ItemDetail>(`/api/items/${id}/objection-reply`, body),
  addProgress: (id: number, body: ProgressBody, idempotencyKey?: string) => api.post<{ progressId: number; item: ItemDetail }>(`/api/items/${id}/progress`, body, { idempotencyKey }),
  /** `recheckId`: new evidence given with a 巩固 answer to a 回头看 (the item stays closed). */
  /** `measureId`: the measure the file is evidence of; `recheckId`: the 回头看 it answers. */
  uploadEvidence: (id: number, file: File, { recheckId, measureId }: { recheckId?: number; measureId?: number } = {}) => {
    const form = new FormData();
    form.append('file', file, file.name);
    const query = { ...(recheckId ? { recheckId } : {}), ...(measureId ? { measureId } : {}) };
    return api.post<{ evidenceId: number; item: ItemDetail }>(`/api/items/${id}/evidence`, form, Object.keys(query).length ? { query } : undefined);
  },
  removeEvidence: (id: number, evidenceId: number) => api.delete<ItemDetail>(`/api/items/${id}/evidence/${evidenceId}`),
};
