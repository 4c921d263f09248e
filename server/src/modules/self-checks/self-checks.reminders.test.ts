import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { notifications } from '../notifications/notifications.table.js';
import { users } from '../users/users.table.js';
import { runSelfCheckReminders } from './self-checks.reminders.js';

const clock = fixedClock('2026-05-10T02:00:00Z');

describe('reminders for 举一反三 non-answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    const origin = await createItem(t, { description: '三会一课记录不规范。' });
    const res = await t.as('supervisor')({ method: 'POST', url: `/api/items/${origin.id}/self-checks`, payload: { scope: 'chosen', orgIds: [t.orgs.finance, t.orgs.traffic], deadline: '2026-05-12' } });
    const traffic = res.json().answers.find((a: { orgId: number }) => a.orgId === t.orgs.traffic);
    const answered = await t.as('branch')({ method: 'POST', url: `/api/self-checks/tasks/${traffic.id}/answer`, payload: { answer: 'absent', explanation: '经自查不存在。' } });
    expect(answered.statusCode).toBe(200);
  });
  afterAll(() => t.close());

  const remindersOf = async (username: string) => {
    const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, username));
    return t.db.select().from(notifications).where(and(eq(notifications.userId, user.id), like(notifications.title, '举一反三自查待答复%')));
  };

  it('when the deadline is near, only the organization that has not answered is reminded, and only once', async () => {
    const at = new Date('2026-05-10T02:00:00Z');
    const early = await t.db.transaction((tx) => runSelfCheckReminders(tx, { today: '2026-05-01', reminderDays: 3, at }));
    expect(early.notified).toBe(0);
    const first = await t.db.transaction((tx) => runSelfCheckReminders(tx, { today: '2026-05-10', reminderDays: 3, at }));
    expect(first.notified).toBeGreaterThan(0);
    const finance = await remindersOf('branch2');
    expect(finance).toHaveLength(1);
    expect(finance[0]).toMatchObject({ kind: 'deadline_reminder', title: '举一反三自查待答复：江川市财政局机关党委' });
    expect(finance[0].body).toContain('2026-05-12');
    expect(await remindersOf('branch')).toEqual([]);
    const again = await t.db.transaction((tx) => runSelfCheckReminders(tx, { today: '2026-05-11', reminderDays: 3, at }));
    expect(again.notified).toBe(0);
  });
});
