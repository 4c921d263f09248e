import type { Static } from 'typebox';
import type { CreateOrgBody, Org, OrgCounts, OrgListQuery, UpdateOrgBody } from '@rectify/shared';
import { api } from './index';

export const orgsApi = {
  /** The caller's organization and everything below it. */
  list: (query: Static<typeof OrgListQuery> = {}) => api.get<{ items: Org[] }>('/api/orgs', { query }),
  /** Each organization's own users, open items and children. */
  counts: () => api.get<{ items: OrgCounts[] }>('/api/orgs/counts'),
  create: (body: CreateOrgBody) => api.post<Org>('/api/orgs', body),
  update: (id: number, body: UpdateOrgBody) => api.patch<Org>(`/api/orgs/${id}`, body),
  remove: (id: number) => api.delete<{ ok: true }>(`/api/orgs/${id}`),
};
