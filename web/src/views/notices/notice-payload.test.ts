import { describe, expect, it } from 'vitest';
import type { SelectedItem } from '@/stores/itemSelection';
import { addDays, groupByOrg, noticeBodies, suggestedLevel } from './notice-payload';

const item = (id: number, orgId: number, overrides: Partial<SelectedItem> = {}): SelectedItem => ({
  id,
  code: `2026-${orgId}-${id}`,
  title: `问题${id}`,
  orgId,
  orgName: orgId === 2 ? '江川市公安局党委' : '江川市财政局机关党委',
  status: 'in_progress',
  light: 'green',
  deadline: '2026-08-31',
  version: 1,
  ...overrides,
});

describe('notices from the chosen items', () => {
  it('when the items belong to two organizations, makes one notice each, naming it as the recipient', () => {
    const chosen = [item(1, 2), item(5, 3), item(2, 2, { light: 'red' })];
    const bodies = noticeBodies(groupByOrg(chosen), { level: 'red', requirements: '  请立即整改。 ', replyDeadline: '2026-09-07' });
    expect(bodies).toEqual([
      { orgId: 2, itemIds: [1, 2], level: 'red', requirements: '请立即整改。', replyDeadline: '2026-09-07' },
      { orgId: 3, itemIds: [5], level: 'red', requirements: '请立即整改。', replyDeadline: '2026-09-07' },
    ]);
  });

  it('leaves out closed and cancelled items, and an organization with nothing else', () => {
    const groups = groupByOrg([item(1, 2, { status: 'closed', light: null }), item(2, 2), item(3, 3, { status: 'cancelled', light: null })]);
    expect(groups.map((g) => [g.orgName, g.items.map((i) => i.id)])).toEqual([['江川市公安局党委', [2]]]);
  });

  it('suggests red for anything overdue, yellow for anything due soon, blue otherwise', () => {
    expect(suggestedLevel([item(1, 2), item(2, 2, { light: 'red' })])).toBe('red');
    expect(suggestedLevel([item(1, 2, { light: 'yellow' }), item(2, 2, { status: 'closed', light: 'red' })])).toBe('yellow');
    expect(suggestedLevel([item(1, 2)])).toBe('blue');
  });

  it('counts reply deadlines in calendar days across months', () => {
    expect(addDays('2026-08-28', 7)).toBe('2026-09-04');
  });
});
