import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { jobRuns } from '../jobs/jobs.table.js';

// 10:00 on Friday 13 February 2026 in Shanghai, the last working day but one before the Spring Festival.
const clock = fixedClock('2026-02-13T02:00:00Z');

describe('the yellow window and reminders in working days', () => {
  let t: TestApp;
  let itemId: number;
  const settings = (payload: object) => t.as('admin')({ method: 'PUT', url: '/api/settings', payload });
  const lightOf = async () => (await t.as('supervisor')({ method: 'GET', url: `/api/items/${itemId}` })).json().light;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    // Three working days from 02-13 are 02-14 (make-up Saturday), 02-24 and 02-25.
    itemId = (await createItem(t, { deadline: '2026-02-25', description: '春节后第二个工作日到期。' })).id;
  });
  afterAll(() => t.close());

  it('when the window is 3 calendar days, an item due after the festival is green; counted in working days, it is yellow', async () => {
    expect((await settings({ yellowDays: 3, workingDayWindows: false })).json()).toMatchObject({ yellowDays: 3, workingDayWindows: false });
    expect(await lightOf()).toBe('green');
    expect((await settings({ workingDayWindows: true })).statusCode).toBe(200);
    expect(await lightOf()).toBe('yellow');
    const list = (await t.as('supervisor')({ method: 'GET', url: '/api/items?light=yellow' })).json();
    expect(list.items.map((i: { id: number }) => i.id)).toContain(itemId);
  });

  it('when the reminder job runs on a day off it sends nothing; on the make-up Saturday it runs', async () => {
    clock.set('2026-02-15T02:00:00Z');
    await t.app.scheduler.tick();
    clock.set('2026-02-14T02:00:00Z');
    await t.app.scheduler.tick();
    const runs = await t.db.select().from(jobRuns).where(eq(jobRuns.job, 'deadline_reminders'));
    const byPeriod = Object.fromEntries(runs.map((r) => [r.period, r.result]));
    expect(byPeriod['2026-02-15']).toEqual({ skipped: 'day_off' });
    expect(byPeriod['2026-02-14']).toMatchObject({ items: 1 });
  });
});
