import { describe, expect, it } from 'vitest';
import type { Dashboard, DashboardFigures } from '@rectify/shared';
import { categoryBars, categoryClick, lightCounts, percentText, sourceSlices, trendIsEmpty } from './dashboard-model';

const figures = (overrides: Partial<DashboardFigures> = {}): DashboardFigures => ({
  total: 0, open: 0, overdue: 0, nearDeadline: 0, closed: 0, closedOnTime: 0, closedLate: 0, cancelled: 0, due: 0, completionRate: null, onTimeRate: null, ...overrides,
});

describe('the dashboard figures', () => {
  it('shows a rate as a percentage with at most one decimal, and none when nothing is due', () => {
    expect(percentText(0.875)).toBe('87.5');
    expect(percentText(1)).toBe('100');
    expect(percentText(2 / 3)).toBe('66.7');
    expect(percentText(0)).toBe('0');
    expect(percentText(null)).toBeNull();
  });

  it('lists the open items by light, worst first, each filtering the ledger by its light', () => {
    const totals = { ...figures(), byStatus: { issued: 0, in_progress: 0, closure_requested: 0, closed: 0, cancelled: 0 }, byLight: { green: 7, yellow: 2, red: 4 } };
    expect(lightCounts(totals)).toEqual([
      { light: 'red', count: 4, filter: { light: ['red'] } },
      { light: 'yellow', count: 2, filter: { light: ['yellow'] } },
      { light: 'green', count: 7, filter: { light: ['green'] } },
    ]);
  });

  it('splits a category into closed, on track and overdue, and leaves out empty ones', () => {
    const byCategory: Dashboard['byCategory'] = [
      { categoryId: 2, categoryName: '理论学习', ...figures({ total: 6, open: 4, overdue: 1, closed: 2 }) },
      { categoryId: 3, categoryName: '组织建设', ...figures() },
      { categoryId: null, categoryName: null, ...figures({ total: 1, open: 1 }) },
    ];
    expect(categoryBars(byCategory, '未分类')).toEqual({
      rows: [
        { name: '理论学习', closed: 2, onTrack: 3, overdue: 1 },
        { name: '未分类', closed: 0, onTrack: 1, overdue: 0 },
      ],
      keys: [2, null],
    });
  });

  it('opens the items behind a clicked segment; the uncategorized bar leads nowhere', () => {
    expect(categoryClick(2, 'overdue')).toEqual({ categoryId: 2, light: ['red'] });
    expect(categoryClick(2, 'onTrack')).toEqual({ categoryId: 2, light: ['green', 'yellow'] });
    expect(categoryClick(2, 'closed')).toEqual({ categoryId: 2, status: ['closed'] });
    expect(categoryClick(null, 'overdue')).toBeNull();
    expect(categoryClick(2, 'legend')).toBeNull();
  });

  it('names the sources in the user\'s language and keeps each slice\'s source for the click', () => {
    const bySource: Dashboard['bySource'] = [
      { source: 'review', label: '上级点评', ...figures({ total: 5 }) },
      { source: 'inspection', label: '巡视巡察', ...figures({ total: 0 }) },
      { source: 'mass_opinion', label: '群众评议', ...figures({ total: 2 }) },
    ];
    expect(sourceSlices(bySource, (s) => s.toUpperCase())).toEqual({
      slices: [
        { name: 'REVIEW', value: 5 },
        { name: 'MASS_OPINION', value: 2 },
      ],
      keys: ['review', 'mass_opinion'],
    });
  });

  it('knows when a year had nothing issued or closed', () => {
    expect(trendIsEmpty([{ month: '2026-01', issued: 0, closed: 0 }])).toBe(true);
    expect(trendIsEmpty([{ month: '2026-01', issued: 0, closed: 1 }])).toBe(false);
  });
});
