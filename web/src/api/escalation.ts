import type { EscalationLadder, EscalationRecord, EscalationRecordBody, EscalationSuggestion, EscalationSummary, LadderStep, SuggestionQuery } from '@rectify/shared';
import { api } from './index';

export type RecordPage = { items: EscalationRecord[]; total: number; summary: EscalationSummary };

export const escalationApi = {
  suggestions: (query: SuggestionQuery = {}, signal?: AbortSignal) => api.get<{ items: EscalationSuggestion[]; total: number }>('/api/escalation/suggestions', { query: { ...query }, signal }),
  ladder: () => api.get<EscalationLadder>('/api/escalation/ladder'),
  saveLadder: (steps: LadderStep[]) => api.put<EscalationLadder>('/api/escalation/ladder', { steps }),
  records: (query: { orgId?: number; itemId?: number; page?: number; pageSize?: number }, signal?: AbortSignal) => api.get<RecordPage>('/api/escalation/records', { query: { ...query }, signal }),
  record: (body: EscalationRecordBody) => api.post<EscalationRecord>('/api/escalation/records', body),
};
