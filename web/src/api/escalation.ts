import type { EscalationByOrg, EscalationLadder, EscalationRecord, EscalationRecordBody, EscalationSuggestion, EscalationSummary, LadderStep, SuggestionQuery } from '@rectify/shared';
import { api } from './index';

export type RecordPage = { items: EscalationRecord[]; total: number; summary: EscalationSummary };

export const escalationApi = {
  suggestions: (query: SuggestionQuery = {}, signal?: AbortSignal) => api.get<{ items: EscalationSuggestion[]; total: number }>('/api/escalation/suggestions', { query: { ...query }, signal }),
  ladder: () => api.get<EscalationLadder>('/api/escalation/ladder'),
  /** The record of each organization directly under one (the caller's own by default), for the ranking. */
  byOrg: (query: { orgId?: number } = {}, signal?: AbortSignal) => api.get<EscalationByOrg>('/api/escalation/by-org', { query: { ...query }, signal }),
  saveLadder: (steps: LadderStep[]) => api.put<EscalationLadder>('/api/escalation/ladder', { steps }),
  records: (query: { orgId?: number; itemId?: number; page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<RecordPage>('/api/escalation/records', { query: { ...query }, signal }),
  record: (body: EscalationRecordBody) => api.post<EscalationRecord>('/api/escalation/records', body),
  /** Minutes or a scan of a 约谈 (or a 问责建议's paper), checked by content like evidence. */
  attach: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.post<EscalationRecord>(`/api/escalation/records/${id}/attachments`, form);
  },
};
