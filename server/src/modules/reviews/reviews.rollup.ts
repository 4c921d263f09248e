import { sql, type SQL } from 'drizzle-orm';
import type { ProgressRollup } from '@rectify/shared';
import { rates } from '../../lib/rates.js';
import { items } from '../items/items.table.js';
import { lightCondition, type LightContext } from '../items/items.query.js';

/** Aggregates over items for a roll-up; group them as the caller needs (per review, per organization…). */
export function rollupColumns(light: LightContext) {
  return {
    total: sql<number>`count(${items.id})::int`,
    closed: sql<number>`count(${items.id}) FILTER (WHERE ${items.status} = 'closed')::int`,
    closedLate: sql<number>`count(${items.id}) FILTER (WHERE ${items.status} = 'closed' AND ${items.closedLate})::int`,
    cancelled: sql<number>`count(${items.id}) FILTER (WHERE ${items.status} = 'cancelled')::int`,
    overdue: sql<number>`count(${items.id}) FILTER (WHERE ${lightCondition('red', light)})::int`,
  } satisfies Record<string, SQL>;
}

export interface RollupCounts {
  total: number;
  closed: number;
  closedLate: number;
  cancelled: number;
  overdue: number;
}

export const emptyCounts: RollupCounts = { total: 0, closed: 0, closedLate: 0, cancelled: 0, overdue: 0 };

export function toRollup(counts: RollupCounts = emptyCounts): ProgressRollup {
  const { total, closed, closedLate, cancelled, overdue } = counts;
  const { completionRate, onTimeRate } = rates({ total, cancelled, closed, closedOnTime: closed - closedLate, overdueOpen: overdue });
  return { total, open: total - closed - cancelled, closed, closedLate, overdue, cancelled, completionRate, onTimeRate };
}
