import type { DrawBody, Recheck, RecheckDraw, RecheckListQuery, RecheckSettings } from '@rectify/shared';
import { api } from './index';

export const rechecksApi = {
  list: (query: RecheckListQuery = {}, signal?: AbortSignal) => api.get<{ items: Recheck[]; total: number }>('/api/rechecks', { query: { ...query }, signal }),
  draws: () => api.get<{ items: RecheckDraw[] }>('/api/rechecks/draws'),
  draw: (body: DrawBody) => api.post<RecheckDraw>('/api/rechecks/draws', body),
  settings: () => api.get<RecheckSettings>('/api/rechecks/settings'),
  saveSettings: (body: Omit<RecheckSettings, 'committeeId'>) => api.put<RecheckSettings>('/api/rechecks/settings', body),
  answer: (id: number, statement: string) => api.post<Recheck>(`/api/rechecks/${id}/answer`, { statement }),
  confirm: (id: number, comment?: string) => api.post<Recheck>(`/api/rechecks/${id}/confirm`, comment ? { comment } : {}),
  reopen: (id: number, body: { reason: string; basis: string; deadline: string }) => api.post<Recheck>(`/api/rechecks/${id}/reopen`, body),
};
