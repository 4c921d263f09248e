import type { OrgHome, OrgHomeQuery } from '@rectify/shared';
import { api } from './index';

export const orgHomeApi = {
  /** The organization's home in one request: sent back, overdue, notices to answer, due within the reminder window. */
  get: (query: OrgHomeQuery = {}, signal?: AbortSignal) => api.get<OrgHome>('/api/org-home', { query: { ...query }, signal }),
};
