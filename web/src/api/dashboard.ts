import type { AcknowledgeSummary, Dashboard, DashboardQuery } from '@rectify/shared';
import { api } from './index';

export const dashboardApi = {
  /** The committee's figures within the caller's scope (or an organization in it), optionally for items issued in a period. */
  get: (query: DashboardQuery = {}, signal?: AbortSignal) => api.get<Dashboard>('/api/dashboard', { query: { ...query }, signal }),
  /** 待签收, 逾期未签收 and 有异议 in the caller's scope (or an organization in it). */
  acknowledge: (orgId?: number) => api.get<AcknowledgeSummary>('/api/dashboard/acknowledge', { query: orgId ? { orgId } : {} }),
};
