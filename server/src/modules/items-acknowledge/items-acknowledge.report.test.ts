import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { addDays } from '../../lib/dates.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { monthPeriod, shiftMonth } from '../reports/reports.period.js';
import { items } from '../items/items.table.js';
import { createItem, transition } from '../items/items.test-helpers.js';

// The history is stamped by the database's clock, so this test runs on the real one.
describe('the monthly report counts 签收与异议', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const report = async (month: string) => {
    const res = await t.as('supervisor')({ method: 'GET', url: `/api/reports/monthly?month=${month}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().acknowledge;
  };
  const object = async (id: number) => {
    const version = (await t.as('branch')({ method: 'GET', url: `/api/items/${id}` })).json().version;
    expect((await t.as('branch')({ method: 'POST', url: `/api/items/${id}/objection`, payload: { version, kind: 'wording', reason: '表述不准确。' } })).statusCode).toBe(200);
  };

  it('when items are signed for, objected to or left waiting, the month counts them as the items show themselves, and the month before knew none of them', async () => {
    const today = t.app.today();
    const late = await createItem(t);
    await t.db.update(items).set({ issuedAt: new Date(`${addDays(today, -30)}T02:00:00Z`) }).where(eq(items.id, late.id));
    await createItem(t);
    const signed = await createItem(t);
    expect((await transition(t, 'branch', signed.id, { action: 'start' })).statusCode).toBe(200);
    await object((await createItem(t)).id);
    const listed = (await t.as('supervisor')({ method: 'GET', url: '/api/items?pageSize=100' })).json().items as Array<{ status: string; acknowledgeOverdue: boolean }>;
    const month = today.slice(0, 7);
    expect(await report(month)).toEqual({
      signed: 1,
      objectionsRaised: 1,
      waiting: listed.filter((i) => i.status === 'issued').length,
      overdue: listed.filter((i) => i.acknowledgeOverdue).length,
      objected: 1,
    });
    expect(listed.filter((i) => i.acknowledgeOverdue)).toHaveLength(1);
    // Judged at the end of last month, none of these items existed yet.
    expect(monthPeriod(shiftMonth(month, -1)).nextFirstDay <= today).toBe(true);
    expect(await report(shiftMonth(month, -1))).toEqual({ signed: 0, objectionsRaised: 0, waiting: 0, overdue: 0, objected: 0 });
  });
});
