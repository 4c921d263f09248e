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

  describe('counted from 签收', () => {
    const fromSigning = { deadline: '2026-03-06', deadlineWorkingDays: 15, deadlineBasis: 'acknowledge' };
    const on = async <T>(instant: string, run: () => Promise<T>) => {
      clock.set(instant);
      try {
        return await run();
      } finally {
        clock.set('2026-02-09T02:00:00Z');
      }
    };

    it('when an item issued on Monday 9 February is signed for on Friday the 13th, its 15 working days count from the 13th, across the Spring Festival to 12 March', async () => {
      const item = await createItem(t, fromSigning);
      // Until 签收 the date is counted as if the item were signed for on the day of issue.
      expect(item).toMatchObject({ deadline: '2026-03-06', deadlineWorkingDays: 15, deadlineBasis: 'acknowledge', deadlineCountedFrom: '2026-02-09' });
      expect(item.history[0]).toMatchObject({ action: 'created', data: { deadline: '2026-03-06', workingDays: 15, deadlineBasis: 'acknowledge' } });

      const signed = (await on('2026-02-13T02:00:00Z', () => transition(t, 'branch', item.id, { action: 'start' }))).json();
      // 02-14 (a make-up Saturday) is the first; 02-15 … 02-23 are off; 02-28 is a make-up Saturday.
      expect(signed).toMatchObject({ status: 'in_progress', deadline: '2026-03-12', originalDeadline: '2026-03-12', deadlineCountedFrom: '2026-02-13', deadlineProvisional: false });
      expect(signed.history.at(-1)).toMatchObject({ action: 'start', changes: { deadline: { before: '2026-03-06', after: '2026-03-12' } } });
    });

    it('when the organization signs by recording progress, the deadline is counted from that day too', async () => {
      const item = await createItem(t, fromSigning);
      const res = await on('2026-02-13T02:00:00Z', () => t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/progress`, payload: { content: '已召开专题会议部署整改' } }));
      expect(res.statusCode).toBe(201);
      expect(res.json().item).toMatchObject({ status: 'in_progress', deadline: '2026-03-12', deadlineCountedFrom: '2026-02-13' });
      const start = res.json().item.history.find((h: { action: string }) => h.action === 'start');
      expect(start.changes).toEqual({ deadline: { before: '2026-03-06', after: '2026-03-12' } });
    });

    it('when the item counts from issue, or its deadline was extended before 签收, signing for it leaves the date as it was', async () => {
      const fromIssue = await createItem(t, { ...fromSigning, deadlineBasis: 'issue' });
      const signed = (await on('2026-02-13T02:00:00Z', () => transition(t, 'branch', fromIssue.id, { action: 'start' }))).json();
      expect(signed).toMatchObject({ deadline: '2026-03-06', deadlineCountedFrom: '2026-02-09' });
      expect(signed.history.at(-1).changes).toBeNull();

      const extended = await createItem(t, fromSigning);
      expect((await transition(t, 'branch', extended.id, { action: 'request_extension', comment: '需协调财政资金', newDeadline: '2026-04-30' })).statusCode).toBe(200);
      expect((await transition(t, 'supervisor', extended.id, { action: 'approve_extension' })).statusCode).toBe(200);
      const after = (await on('2026-02-13T02:00:00Z', () => transition(t, 'branch', extended.id, { action: 'start' }))).json();
      expect(after).toMatchObject({ deadline: '2026-04-30', extensionCount: 1 });
    });

    it('when the supervisor switches an item’s working days to count from 签收, the history records it, and a date given later gives both up', async () => {
      const item = await createItem(t, { ...fromSigning, deadlineBasis: undefined });
      expect(item.deadlineBasis).toBe('issue');
      const res = await patch('supervisor', item.id, { version: item.version, deadlineBasis: 'acknowledge' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ deadline: '2026-03-06', deadlineWorkingDays: 15, deadlineBasis: 'acknowledge' });
      expect(res.json().history.at(-1)).toMatchObject({ action: 'updated', changes: { deadlineBasis: { before: 'issue', after: 'acknowledge' } } });
      const byDate = (await patch('supervisor', item.id, { version: res.json().version, deadline: '2026-04-30' })).json();
      expect(byDate).toMatchObject({ deadline: '2026-04-30', deadlineWorkingDays: null, deadlineBasis: null });
      const started = (await on('2026-02-13T02:00:00Z', () => transition(t, 'branch', item.id, { action: 'start' }))).json();
      expect(started.deadline).toBe('2026-04-30');
    });
  });
});
