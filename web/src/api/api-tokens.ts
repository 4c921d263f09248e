import type { ApiToken, CreateApiTokenBody, CreatedApiToken } from '@rectify/shared';
import { api } from './index';

/** API tokens for other systems (the top committee's administrator). The secret comes only in `create`'s answer. */
export const apiTokensApi = {
  list: () => api.get<{ items: ApiToken[] }>('/api/api-tokens'),
  create: (body: CreateApiTokenBody) => api.post<CreatedApiToken>('/api/api-tokens', body),
  revoke: (id: number) => api.post<ApiToken>(`/api/api-tokens/${id}/revoke`),
};
