import type { Static } from 'typebox';
import type { Org, OrgListQuery } from '@rectify/shared';
import { api } from './index';

export const orgsApi = {
  /** The caller's organization and everything below it. */
  list: (query: Static<typeof OrgListQuery> = {}) => api.get<{ items: Org[] }>('/api/orgs', { query }),
};
