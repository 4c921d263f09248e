import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition } from '../items/items.test-helpers.js';
import { deliveries, notifications } from '../notifications/notifications.table.js';
import { users } from '../users/users.table.js';
import { jobRuns } from './jobs.table.js';

// 10:00 on 15 June 2026 in Shanghai.
const clock = fixedClock('2026-06-15T02:00:00Z');

describe('scheduled jobs', () => {
  let t: TestApp;
  let other: TestApp;
  let branchId: number;
  let supervisorId: number;
  const ids: Record<string, number> = {};
  const notified = async (userId: number, kind: string) =>
    (await t.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)))).map((n) => n.itemId);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    // A second app on the same database: another instance with its own scheduler.
    other = await createTestApp({ clock, database: t.database });
    branchId = (await t.db.select().from(users).where(eq(users.username, 'branch')))[0].id;
    supervisorId = (await t.db.select().from(users).where(eq(users.username, 'supervisor')))[0].id;
    ids.soon = (await createItem(t, { deadline: '2026-06-17', description: '三天内到期。' })).id;
    ids.later = (await createItem(t, { deadline: '2026-06-25', description: '十天后到期。' })).id;
    ids.late = (await createItem(t, { deadline: '2026-06-10', description: '已经逾期。' })).id;
    ids.sibling = (await createItem(t, { orgId: t.orgs.finance, deadline: '2026-06-16', description: '财政的事项。' })).id;
    await t.as('admin')({ method: 'POST', url: '/api/notification-channels', payload: { type: 'webhook', name: '督办平台', url: 'https://hooks.example.org/hook', events: ['deadline_reminder', 'overdue_alert'] } });
  });
  afterAll(async () => {
    await other.app.close();
    await t.close();
  });

  it('when two schedulers tick at once, each job runs once for the period and each reminder is sent once', async () => {
    const [a, b] = await Promise.all([t.app.scheduler.tick(), other.app.scheduler.tick()]);
    for (const job of ['deadline_reminders', 'overdue_alerts', 'monthly_report_snapshot', 'dashboard_rollups', 'audit_prune', 'recheck_draw']) {
      const ran = [...a, ...b].filter((o) => o.job === job && o.ran);
      expect(ran).toHaveLength(1);
    }
    const runs = await t.db.select().from(jobRuns).orderBy(jobRuns.job);
    expect(runs.map((r) => [r.job, r.period])).toEqual([
      ['audit_prune', '2026-06-15'],
      ['dashboard_rollups', '2026-06-15T10:00'],
      ['deadline_reminders', '2026-06-15'],
      ['monthly_report_snapshot', '2026-05'],
      ['overdue_alerts', '2026-06-15'],
      ['recheck_draw', '2026-06'],
    ]);
    expect(runs.find((r) => r.job === 'deadline_reminders')!.result).toEqual({ items: 2, digests: 1 });
    expect(await notified(branchId, 'deadline_reminder')).toEqual([ids.soon]);
    expect(await notified(branchId, 'overdue_alert')).toEqual([ids.late]);
    // The supervisor gets one summary of the new overdue items, not one per item.
    const summary = await t.db.select().from(notifications).where(and(eq(notifications.userId, supervisorId), eq(notifications.kind, 'overdue_alert')));
    expect(summary).toHaveLength(1);
    expect(summary[0].title).toBe('新增逾期事项 1 项');
    const digests = await t.db.select().from(deliveries).where(eq(deliveries.kind, 'deadline_reminder'));
    expect(digests).toHaveLength(1);
    expect(digests[0].title).toBe('【整改提醒】2 项整改事项将在 3 天内到期');

    // Ticking again in the same period does nothing.
    const again = await t.app.scheduler.tick();
    expect(again.filter((o) => o.ran)).toEqual([]);
    expect(await notified(branchId, 'deadline_reminder')).toEqual([ids.soon]);
  });

  it('when days pass, each period runs once more and an item is reminded once per deadline', async () => {
    clock.set('2026-06-16T02:00:00Z');
    await t.app.scheduler.tick();
    expect(await notified(branchId, 'deadline_reminder')).toEqual([ids.soon]);
    clock.set('2026-06-22T02:00:00Z');
    await Promise.all([t.app.scheduler.tick(), other.app.scheduler.tick()]);
    expect((await notified(branchId, 'deadline_reminder')).sort()).toEqual([ids.soon, ids.later].sort());
    const periods = (await t.db.select().from(jobRuns).where(eq(jobRuns.job, 'deadline_reminders'))).map((r) => r.period);
    expect(periods).toEqual(['2026-06-15', '2026-06-16', '2026-06-22']);
  });

  it('when it is before eight in the morning, the daily jobs wait', async () => {
    clock.set('2026-06-23T23:00:00Z'); // 07:00 on 24 June in Shanghai
    const outcomes = await t.app.scheduler.tick();
    expect(outcomes.find((o) => o.job === 'deadline_reminders')).toEqual({ job: 'deadline_reminders', period: null, ran: false });
    clock.set('2026-06-24T00:30:00Z'); // 08:30
    expect((await t.app.scheduler.tick()).find((o) => o.job === 'deadline_reminders')).toMatchObject({ period: '2026-06-24', ran: true });
  });

  it('when an overdue item gets a new deadline, it is reminded again before the new one', async () => {
    await transition(t, 'branch', ids.late, { action: 'request_extension', comment: '需要时间', newDeadline: '2026-06-28' });
    await transition(t, 'supervisor', ids.late, { action: 'approve_extension' });
    clock.set('2026-06-26T02:00:00Z');
    await t.app.scheduler.tick();
    expect(await notified(branchId, 'deadline_reminder')).toContain(ids.late);
    // The sibling organization's item never reached the police clerk.
    expect(await notified(branchId, 'overdue_alert')).not.toContain(ids.sibling);
  });

  it('when the scheduler flag is on, the app starts its timers and catches up at once; off, it starts nothing', async () => {
    const on = await createTestApp({ clock, config: { scheduler: true } });
    try {
      expect(on.app.scheduler.running).toBe(true);
      expect(on.app.scheduler.nextRuns().map((r) => r.name)).toEqual(['rectify-jobs', 'rectify-deliveries']);
      const outcomes = await on.app.scheduler.lastTick();
      expect(outcomes.filter((o) => o.ran).map((o) => o.job).sort()).toEqual(['audit_prune', 'dashboard_rollups', 'deadline_reminders', 'monthly_report_snapshot', 'overdue_alerts', 'recheck_draw']);
    } finally {
      await on.close();
    }
    expect(on.app.scheduler.running).toBe(false);
    const off = await createTestApp({ clock });
    try {
      expect(off.app.scheduler.running).toBe(false);
      expect(await off.db.select().from(jobRuns)).toEqual([]);
    } finally {
      await off.close();
    }
    // Two apps with their own databases start here; on a busy 2-core machine that alone can take half a minute.
  }, 90_000);
});
