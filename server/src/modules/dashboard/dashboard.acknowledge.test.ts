import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { items } from '../items/items.table.js';
import { createItem } from '../items/items.test-helpers.js';

// Monday 7 September 2026, 10:00 in Shanghai: three working days after Tuesday the 1st ended on Friday the 4th.
const clock = fixedClock('2026-09-07T02:00:00Z');

describe('dashboard: 签收 counts, and objected items counted as open', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const summary = async (as: string, query = '') => {
    const res = await t.as(as)({ method: 'GET', url: `/api/dashboard/acknowledge${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const object = async (id: number) => {
    const version = (await t.as('branch')({ method: 'GET', url: `/api/items/${id}` })).json().version;
    const res = await t.as('branch')({ method: 'POST', url: `/api/items/${id}/objection`, payload: { version, kind: 'not_ours', reason: '不属于本单位。' } });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** What the ledger's rows say, item by item, for the supervisor's whole scope. */
  const fromTheList = async () => {
    const listed = (await t.as('supervisor')({ method: 'GET', url: '/api/items?pageSize=100' })).json().items as Array<{ status: string; acknowledgeOverdue: boolean }>;
    return {
      waiting: listed.filter((i) => i.status === 'issued').length,
      overdue: listed.filter((i) => i.acknowledgeOverdue).length,
      objected: listed.filter((i) => i.status === 'objected').length,
    };
  };

  it('when items wait for 签收 past their window or are objected to, it counts them as each item shows itself', async () => {
    const late = await createItem(t);
    await t.db.update(items).set({ issuedAt: new Date('2026-09-01T02:00:00Z') }).where(eq(items.id, late.id));
    const onTime = await createItem(t);
    await t.db.update(items).set({ issuedAt: new Date('2026-09-02T02:00:00Z') }).where(eq(items.id, onTime.id));
    await object((await createItem(t)).id);
    const counts = await summary('supervisor');
    expect(counts).toMatchObject({ asOf: '2026-09-07', waiting: 2, overdue: 1, objected: 1 });
    expect(counts).toMatchObject(await fromTheList());
    // The branch's scope holds the same items (all of the police branch); another scope holds none of them.
    expect(await summary('branch')).toMatchObject({ waiting: 2, overdue: 1, objected: 1 });
    expect(await summary('supervisor', `?orgId=${t.orgs.finance}`)).toMatchObject({ waiting: 0, overdue: 0, objected: 0 });
  });

  it('when an item is objected to, the prepared dashboard counts it as open, like the counted one and a direct count', async () => {
    const dashboard = async (query: string) => {
      const res = await t.as('supervisor')({ method: 'GET', url: `/api/dashboard?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return { ...res.json(), period: null };
    };
    // Build the prepared counts first, so that the objection below reaches them through the triggers.
    await dashboard('');
    const item = await createItem(t, { deadline: '2026-09-01' });
    await object(item.id);
    const prepared = await dashboard('');
    expect(prepared).toEqual(await dashboard('from=1900-01-01'));
    const { rows } = await t.db.execute<{ open: number; overdue: number }>(
      sql`SELECT count(*) FILTER (WHERE status IN ('issued', 'objected', 'in_progress', 'closure_requested'))::int AS open,
        count(*) FILTER (WHERE status IN ('issued', 'objected', 'in_progress', 'closure_requested') AND deadline < '2026-09-07')::int AS overdue FROM items`,
    );
    expect(prepared.totals).toMatchObject(rows[0]);
    expect(prepared.totals.overdue).toBeGreaterThanOrEqual(1);
    const red = (await t.as('supervisor')({ method: 'GET', url: '/api/items?pageSize=1&light=red' })).json().total;
    expect(red).toBe(rows[0].overdue);
  });
});
