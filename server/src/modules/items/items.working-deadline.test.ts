import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { items } from './items.table.js';
import { createItem, transition } from './items.test-helpers.js';

// 10:00 on Monday 9 February 2026 in Shanghai: fifteen working days run across the Spring Festival to Friday 6 March.
const clock = fixedClock('2026-02-09T02:00:00Z');

describe('editing an item’s deadline in working days', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const patch = (as: string, id: number, payload: Record<string, unknown>) => t.as(as)({ method: 'PATCH', url: `/api/items/${id}`, payload });

  it('when the supervisor gives 15 个工作日, they count from the day of issue and the item keeps both; a date given later replaces them', async () => {
    const item = await createItem(t, { deadline: '2026-12-31' });
    // The database stamps the issue with its own clock; here it is the test's day.
    await t.db.update(items).set({ issuedAt: new Date('2026-02-09T02:00:00Z') }).where(eq(items.id, item.id));
    // Edited later that week, the days still count from the day the item was issued.
    clock.set('2026-02-13T02:00:00Z');
    const res = await patch('supervisor', item.id, { version: item.version, deadlineWorkingDays: 15 });
    clock.set('2026-02-09T02:00:00Z');
    expect(res.statusCode).toBe(200);
    const edited = res.json();
    expect(edited).toMatchObject({ deadline: '2026-03-06', originalDeadline: '2026-03-06', deadlineWorkingDays: 15, deadlineBasis: 'issue', deadlineProvisional: false });
    expect(edited.history.at(-1)).toMatchObject({ action: 'updated', changes: { deadline: { before: '2026-12-31', after: '2026-03-06' }, deadlineWorkingDays: { before: null, after: 15 } } });

    const byDate = (await patch('supervisor', item.id, { version: edited.version, deadline: '2026-04-30' })).json();
    expect(byDate).toMatchObject({ deadline: '2026-04-30', deadlineWorkingDays: null, deadlineBasis: null });
  });

  it('when the working days run into a year with no calendar, the edited deadline is provisional', async () => {
    const item = await createItem(t, { deadline: '2026-12-31' });
    const res = await patch('supervisor', item.id, { version: item.version, deadlineWorkingDays: 250 });
    expect(res.json()).toMatchObject({ deadlineWorkingDays: 250, deadlineProvisional: true });
    expect(res.json().deadline > '2027-01-01').toBe(true);
  });

  it('when the item has been signed for, or a clerk asks, working days are refused like a new date', async () => {
    const item = await createItem(t, { deadline: '2026-12-31' });
    const started = (await transition(t, 'branch', item.id, { action: 'start' })).json();
    const locked = await patch('supervisor', item.id, { version: started.version, deadlineWorkingDays: 15 });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('items.deadline_locked');
    const other = await createItem(t, { deadline: '2026-12-31' });
    expect((await patch('branch', other.id, { version: other.version, deadlineWorkingDays: 15 })).statusCode).toBeGreaterThanOrEqual(400);
  });
});
