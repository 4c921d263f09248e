import type { BulkDecisionBody, BulkItemResult, RemindBody } from '@rectify/shared';
import { api } from './index';

export const decisionsApi = {
  /** 批量销号 / 批量退回: each item decided on its own; the answer says which went through. */
  decide: (body: BulkDecisionBody) => api.post<{ results: BulkItemResult[]; succeeded: number; refused: number }>('/api/items/decisions', body),
  /** 催办: one reminder per organization of the chosen open items. */
  remind: (body: RemindBody) => api.post<{ results: BulkItemResult[]; reminded: number; orgs: number }>('/api/items/reminders', body),
};
