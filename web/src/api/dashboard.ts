import type { Dashboard, DashboardQuery } from '@rectify/shared';
import { api } from './index';

export const dashboardApi = {
  /** The committee's figures within the caller's scope (or an organization in it), optionally for items issued in a period. */
  get: (query: DashboardQuery = {}, signal?: AbortSignal) => api.get<Dashboard>('/api/dashboard', { query: { ...query }, signal }),
};
