import { describe, expect, it } from 'vitest';
import type { RectificationPeriodOverview } from '@rectify/shared';
import { asReportOverview } from './rectification-reports';

describe('a period’s reports in the review panel’s shape', () => {
  it('when a period is shown, its deadline and the committee’s right to decide come from the period, and there is no summary', () => {
    const overview: RectificationPeriodOverview = {
      period: { id: 7, committeeId: 1, committeeName: '江川市直属机关工作委员会', title: '2026年度', startsOn: '2026-01-01', endsOn: '2026-12-31', dueOn: '2027-01-15', canDecide: true },
      organizations: [{ orgId: 3, orgName: '江川市公安局党委', itemCount: 4, current: null, history: [] }],
      counts: { expected: 1, submitted: 0, accepted: 0, returned: 0, missing: 1 },
    };
    expect(asReportOverview(overview)).toEqual({
      reviewId: 7,
      dueOn: '2027-01-15',
      canDecide: true,
      organizations: overview.organizations,
      summary: null,
      counts: overview.counts,
    });
  });
});
