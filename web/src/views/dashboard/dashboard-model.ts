import type { Dashboard, ItemSource, Light } from '@rectify/shared';
import type { ItemFilters } from '@/utils/item-query';
import type { PieSlice, StackRow, StackSeries } from './charts/options';

/** A rate (0…1) as a percentage with at most one decimal: 0.875 → "87.5", 1 → "100"; null when nothing is due. */
export function percentText(rate: number | null): string | null {
  return rate === null ? null : String(Number((rate * 100).toFixed(1)));
}

/** The open items by light, worst first, each with the ledger filter behind it. */
export function lightCounts(totals: Dashboard['totals']): { light: Light; count: number; filter: Partial<ItemFilters> }[] {
  return (['red', 'yellow', 'green'] as const).map((light) => ({ light, count: totals.byLight[light], filter: { light: [light] } }));
}

/** What a segment of a stacked bar lists: closed items, open ones on track (正常 and 临期), or overdue ones. */
export function segmentFilter(series: string): Partial<ItemFilters> | null {
  const filters: Record<StackSeries, Partial<ItemFilters>> = {
    closed: { status: ['closed'] },
    onTrack: { light: ['green', 'yellow'] },
    overdue: { light: ['red'] },
  };
  return (filters as Record<string, Partial<ItemFilters>>)[series] ?? null;
}

export const stackRowOf = (figures: { closed: number; open: number; overdue: number }) => ({
  closed: figures.closed,
  onTrack: Math.max(0, figures.open - figures.overdue),
  overdue: figures.overdue,
});

/** Categories as stacked bars; `keys` holds each bar's category (null: items without one). */
export function categoryBars(byCategory: Dashboard['byCategory'], uncategorized: string): { rows: StackRow[]; keys: (number | null)[] } {
  const shown = byCategory.filter((c) => c.total > 0);
  return {
    rows: shown.map((c) => ({ name: c.categoryName ?? uncategorized, ...stackRowOf(c) })),
    keys: shown.map((c) => c.categoryId),
  };
}

/**
 * The ledger filter behind a clicked category segment. The list cannot filter on "no category", so the
 * uncategorized bar leads nowhere.
 */
export function categoryClick(categoryId: number | null | undefined, series: string): Partial<ItemFilters> | null {
  const segment = segmentFilter(series);
  if (categoryId === null || categoryId === undefined || !segment) return null;
  return { categoryId, ...segment };
}

/** Sources as ring slices (largest first, as the server sorts them); `keys` holds each slice's source. */
export function sourceSlices(bySource: Dashboard['bySource'], label: (source: ItemSource) => string): { slices: PieSlice[]; keys: ItemSource[] } {
  const shown = bySource.filter((s) => s.total > 0);
  return { slices: shown.map((s) => ({ name: label(s.source), value: s.total })), keys: shown.map((s) => s.source) };
}

/** Whether the trend has anything to draw. */
export const trendIsEmpty = (trend: Dashboard['trend']) => trend.every((p) => p.issued === 0 && p.closed === 0);
