import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { closeItem } from './rechecks.test-helpers.js';

const closedAt = new Date();
const clock = fixedClock(closedAt);

describe('the scheduled 回头看 draw', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    for (let n = 0; n < 4; n++) {
      const item = await createItem(t, { description: `定期回头看事项${n}。` });
      await closeItem(t, { id: item.id, at: closedAt, closedOn: closedAt.toISOString().slice(0, 10) });
    }
    await t.as('supervisor')({ method: 'PUT', url: '/api/rechecks/settings', payload: { enabled: true, monthsAfterClosure: 6, percent: 100, categoryIds: [], sources: [] } });
    // Seven months on, at ten in the morning in the committee's time zone.
    clock.set(new Date(Date.UTC(closedAt.getUTCFullYear(), closedAt.getUTCMonth() + 7, 10, 2)));
    // Creating the app and its demo data on a busy machine takes a while.
  }, 180_000);
  afterAll(() => t?.close());

  it('when the job runs twice in a month, it claims the month once and draws once, with its seed stored', async () => {
    const first = (await t.app.scheduler.tick()).find((o) => o.job === 'recheck_draw');
    expect(first).toMatchObject({ ran: true, result: { committees: 1 } });
    expect((first!.result as { drawn: number }).drawn).toBeGreaterThanOrEqual(4);
    const second = (await t.app.scheduler.tick()).find((o) => o.job === 'recheck_draw');
    expect(second).toMatchObject({ ran: false, period: first!.period });
    const draws = await t.db.execute<{ n: number; seeds: number }>(sql`SELECT count(*)::int AS n, count(DISTINCT seed)::int AS seeds FROM recheck_draws WHERE period = ${first!.period}`);
    expect(draws.rows[0]).toEqual({ n: 1, seeds: 1 });
    const runs = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM job_runs WHERE job = 'recheck_draw'`);
    expect(Number(runs.rows[0].n)).toBe(1);
  });
});
