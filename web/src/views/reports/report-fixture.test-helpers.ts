import type { MonthlyFigures, MonthlyReport } from '@rectify/shared';

const figures = (overrides: Partial<MonthlyFigures> = {}): MonthlyFigures => ({
  newItems: 0, closed: 0, closedOnTime: 0, closedLate: 0, totalItems: 0, closedTotal: 0, open: 0, overdue: 0, completionRate: null, noticesIssued: 0, ...overrides,
});

/** A finished month of the demo committee as GET /api/reports/monthly answers it. */
export function monthlyReport(overrides: Partial<MonthlyReport> = {}): MonthlyReport {
  return {
    month: '2026-05',
    orgId: 1,
    orgName: '江川市直属机关工作委员会',
    firstDay: '2026-05-01',
    lastDay: '2026-05-31',
    complete: true,
    source: 'live',
    generatedAt: '2026-06-10T02:00:00.000Z',
    figures: figures({ newItems: 12, closed: 7, closedOnTime: 5, closedLate: 2, totalItems: 40, closedTotal: 21, open: 19, overdue: 6, completionRate: 21 / 40, noticesIssued: 3 }),
    previous: figures({ newItems: 9, closed: 4, closedOnTime: 4, totalItems: 28, closedTotal: 14, open: 14, overdue: 8, completionRate: 14 / 28, noticesIssued: 3 }),
    change: { newItems: 3, closed: 3, open: 5, overdue: -2, noticesIssued: 0, completionRate: (21 / 40 - 14 / 28) * 100 },
    byOrg: [
      { orgId: 2, orgName: '江川市公安局党委', newItems: 5, closed: 3, closedOnTime: 2, closedLate: 1, totalItems: 18, closedTotal: 9, open: 9, overdue: 4, completionRate: 9 / 18 },
      { orgId: 3, orgName: '江川市财政局机关党委', newItems: 7, closed: 4, closedOnTime: 3, closedLate: 1, totalItems: 22, closedTotal: 12, open: 10, overdue: 2, completionRate: 12 / 22 },
    ],
    byCategory: [{ categoryId: 2, categoryName: '理论学习', newItems: 12, closed: 7, closedOnTime: 5, closedLate: 2, totalItems: 40, closedTotal: 21, open: 19, overdue: 6, completionRate: 21 / 40 }],
    overdueItems: [
      { itemId: 31, code: '2026-公安-003', title: '支部换届不及时', orgName: '江川市公安局党委', categoryName: '组织建设', deadline: '2026-04-30', daysOverdue: 32, status: 'in_progress', responsiblePerson: '李华' },
    ],
    trend: Array.from({ length: 12 }, (_, i) => ({ month: `${i < 7 ? 2025 : 2026}-${String(((i + 5) % 12) + 1).padStart(2, '0')}`, newItems: i, closed: Math.max(0, i - 2) })),
    ...overrides,
  };
}
