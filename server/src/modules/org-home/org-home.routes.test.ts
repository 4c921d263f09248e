import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';

const clock = fixedClock('2026-06-15T02:00:00Z');

describe('the organization’s home (GET /api/org-home)', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  const home = async (as = 'branch', query = '') => {
    const res = await t.as(as)({ method: 'GET', url: `/api/org-home${query}` });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids.late = (await createItem(t, { deadline: '2026-06-01', description: '逾期事项。' })).id;
    ids.later = (await createItem(t, { deadline: '2026-06-10', description: '逾期较短的事项。' })).id;
    ids.soon = (await createItem(t, { deadline: '2026-06-17', description: '两天后到期。' })).id;
    ids.farAway = (await createItem(t, { deadline: '2026-10-12', description: '119天后到期。' })).id;
    ids.returned = (await createItem(t, { deadline: '2026-09-30', description: '被退回的事项。' })).id;
    ids.finance = (await createItem(t, { orgId: t.orgs.finance, deadline: '2026-06-02', description: '财政逾期。' })).id;
    await transition(t, 'branch', ids.returned, { action: 'start' });
    await uploadPdf(t, 'branch', ids.returned);
    await transition(t, 'branch', ids.returned, { action: 'request_closure', comment: '已完成整改。' });
    await transition(t, 'supervisor', ids.returned, { action: 'reject_closure', comment: '佐证材料不足，请补充会议记录。' });
    const notice = await t.as('supervisor')({ method: 'POST', url: '/api/notices', payload: { itemIds: [ids.late], level: 'red', requirements: '立即整改。', replyDeadline: '2026-06-20' } });
    expect(notice.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  it('when a clerk opens the home, it lists the items sent back with the reason, the overdue items longest first and the notices to answer with their reply deadline', async () => {
    const body = await home();
    expect(body.returned).toHaveLength(1);
    expect(body.returned[0]).toMatchObject({ item: { id: ids.returned, status: 'in_progress' }, reason: '佐证材料不足，请补充会议记录。' });
    expect(body.returned[0].by).toBeTruthy();
    expect(body.overdue.items.map((i: { id: number }) => i.id)).toEqual([ids.late, ids.later]);
    expect(body.notices).toHaveLength(1);
    expect(body.notices[0]).toMatchObject({ replyDeadline: '2026-06-20', status: 'issued', replyOverdue: false });
  });

  it('when deadlines lie months ahead, only those within the reminder window count as upcoming', async () => {
    const body = await home();
    expect(body.reminderDays).toBe(3);
    expect(body.upcoming.items.map((i: { id: number }) => i.id)).toEqual([ids.soon]);
    expect(body.counts).toMatchObject({ red: 2, awaiting: 0 });
  });

  it('when another organization’s clerk or the committee looks, each sees its own scope only, and an organization outside it is not found', async () => {
    const finance = await home('branch2');
    expect(finance.overdue.items.map((i: { id: number }) => i.id)).toEqual([ids.finance]);
    expect(finance.returned).toEqual([]);
    const committee = await home('supervisor', `?orgId=${t.orgs.police}`);
    expect(committee.overdue.total).toBe(2);
    const outside = await t.as('branch')({ method: 'GET', url: `/api/org-home?orgId=${t.orgs.finance}` });
    expect(outside.statusCode).toBe(404);
  });
});
