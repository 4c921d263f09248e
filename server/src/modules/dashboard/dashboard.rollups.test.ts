import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { addDays } from '../../lib/dates.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';
import { importXlsx, xlsx } from '../ledger-io/ledger-io.test-helpers.js';
import { writeDemoLedger } from '../reports/reports.test-helpers.js';
import { foldRollups } from './dashboard.rollups.js';

const clock = fixedClock('2026-06-10T02:00:00Z');

/** A small deterministic generator, so that a failing sequence can be replayed. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)], int: (n: number) => Math.floor(next() * n) };
}

/**
 * The prepared counts (item_rollups, kept by triggers) against the same dashboard counted from the items, after
 * every kind of change there is: new items one by one, in a batch and by import, every workflow step, edits,
 * extensions that move deadlines, a move in the organization tree, new days, a new yellow window, and folds.
 */
describe('dashboard: the prepared counts stay equal to the items after every change', () => {
  let t: TestApp;
  const dashboard = async (as: string, query: string) => {
    const res = await t.as(as)({ method: 'GET', url: `/api/dashboard?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return { ...res.json(), period: null };
  };
  // A period from long ago covers every item and makes the service count from the items themselves.
  const counted = '&from=1900-01-01';
  const scopes: Array<[string, () => string]> = [
    ['supervisor', () => ''],
    ['supervisor', () => `orgId=${t.orgs.police}`],
    ['supervisor', () => `orgId=${t.orgs.traffic}`],
    ['supervisor', () => `orgId=${t.orgs.finance}`],
    ['branch', () => ''],
  ];
  // The ledger list's total is read from the same counts when its filters allow; a deadline bound forces counting.
  const listFilters = ['', 'status=issued,in_progress,closure_requested', 'status=closed,cancelled', 'light=red', 'light=green,yellow', 'overdue=true', 'overdue=false', 'source=review&status=closed', 'source=inspection&light=red'];
  const total = async (as: string, query: string) => {
    const res = await t.as(as)({ method: 'GET', url: `/api/items?pageSize=1&${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().total as number;
  };
  async function expectSame(step: string) {
    for (const [as, query] of scopes) {
      const prepared = await dashboard(as, query());
      expect(prepared, `${step}: ${as} ${query()}`).toEqual(await dashboard(as, `${query()}${counted}`));
    }
    for (const [as, scope] of [scopes[0], scopes[1], scopes[4]]) {
      for (const filter of listFilters) {
        const query = [scope(), filter].filter(Boolean).join('&');
        expect(await total(as, query), `${step}: list total ${as} ${query}`).toBe(await total(as, `${query}&deadlineFrom=1900-01-01`));
      }
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await writeDemoLedger(t, '2026-06-10');
  });
  afterAll(() => t.close());

  it('builds from the items on first use, and the figures are not trivially empty', async () => {
    await expectSame('first read');
    const whole = await dashboard('supervisor', '');
    expect(whole.totals.total).toBeGreaterThan(20);
    expect(whole.totals.overdue).toBeGreaterThan(0);
    expect(whole.byOrg.length).toBeGreaterThan(3);
    expect(whole.trend.some((m: { issued: number }) => m.issued > 0)).toBe(true);
  });

  it('after a long random sequence of changes, checked after each one', async () => {
    const r = random(20260610);
    const categories = (await t.as('supervisor')({ method: 'GET', url: '/api/categories' })).json().items.map((c: { id: number }) => c.id);
    const orgKeys = ['police', 'traffic', 'police-office', 'finance', 'culture', 'crops'] as const;
    const deadline = () => addDays(t.app.today(), r.int(40) - 15);
    const itemIds: number[] = [];
    let moved = false;

    const steps: Record<string, () => Promise<unknown>> = {
      create: async () => itemIds.push((await createItem(t, { orgId: t.orgs[r.pick(orgKeys)], categoryId: r.pick([...categories, null]), deadline: deadline() })).id),
      batch: () =>
        t.as('supervisor')({
          method: 'POST',
          url: '/api/items/batch',
          payload: { orgIds: [t.orgs.traffic, t.orgs.finance, t.orgs.culture], source: 'review', description: `共性问题${r.int(1000)}`, deadline: deadline(), type: 'deadline', categoryId: r.pick(categories) },
        }),
      import: async () => {
        const file = await xlsx({ 台账: [['所属单位', '问题来源', '问题描述', '整改时限'], ['交警支队', '巡察反馈', `导入问题${r.int(1000)}`, deadline()], ['财政', '自身查摆', `导入问题${r.int(1000)}`, deadline()]] });
        expect((await importXlsx(t, 'supervisor', file)).statusCode).toBe(200);
      },
      work: async () => {
        const id = r.pick(itemIds);
        if (!id) return;
        const item = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${id}` })).json();
        const clerk = item.orgId === t.orgs.finance ? 'branch2' : 'branch';
        const clerkActions: string[] = (await t.as(clerk)({ method: 'GET', url: `/api/items/${id}` })).json().allowedActions ?? [];
        const supervisorActions: string[] = item.allowedActions;
        const options = [...clerkActions.map((a) => [clerk, a]), ...supervisorActions.map((a) => ['supervisor', a])];
        if (options.length === 0) return;
        const [who, action] = r.pick(options);
        if (action === 'request_closure') await uploadPdf(t, who, id);
        const comment = '随机步骤';
        const body = action === 'request_extension' ? { action, comment, newDeadline: addDays(item.deadline, 10 + r.int(20)) } : { action, comment };
        await transition(t, who, id, body);
      },
      recategorize: async () => {
        const id = r.pick(itemIds);
        if (!id) return;
        const { version } = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${id}` })).json();
        await t.as('supervisor')({ method: 'PATCH', url: `/api/items/${id}`, payload: { version, categoryId: r.pick(categories) } });
      },
      move: async () => {
        moved = !moved;
        const res = await t.as('admin')({ method: 'PATCH', url: `/api/orgs/${t.orgs.traffic}`, payload: { parentId: moved ? t.orgs.finance : t.orgs.police } });
        expect(res.statusCode, res.body).toBe(200);
      },
      nextDay: async () => clock.advanceDays(1 + r.int(3)),
      yellow: () => t.as('admin')({ method: 'PUT', url: '/api/settings', payload: { yellowDays: 3 + r.int(10) } }),
      fold: () => foldRollups(t.db),
    };
    const weights = ['create', 'create', 'create', 'work', 'work', 'work', 'work', 'work', 'batch', 'import', 'recategorize', 'move', 'nextDay', 'yellow', 'fold'];
    for (let i = 0; i < 45; i++) {
      const step = i < 4 ? 'create' : r.pick(weights);
      await steps[step]();
      await expectSame(`step ${i} (${step})`);
    }
    // The sequence did move the figures: closures, extensions and new days all happened.
    const actions = (await t.db.execute<{ action: string }>(sql`SELECT DISTINCT action FROM item_history`)).rows.map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['created', 'start', 'request_closure']));
    // Each step compares ten dashboards; the whole sequence is a few hundred requests.
  }, 180_000);

  it('when the deltas are folded, nothing changes but the number of rows read', async () => {
    const before = await dashboard('supervisor', '');
    const { moved } = await foldRollups(t.db);
    expect(moved).toBeGreaterThanOrEqual(0);
    const deltas = (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM item_rollup_deltas`)).rows[0].n;
    expect(deltas).toBe(0);
    expect(await dashboard('supervisor', '')).toEqual(before);
  });

  it('when the prepared counts are not built, list totals are counted instead, on a page and past the last page', async () => {
    const prepared: Record<string, number> = {};
    for (const filter of listFilters) prepared[filter] = await total('supervisor', filter);
    await t.db.execute(sql`UPDATE item_rollup_state SET as_of = NULL`);
    for (const filter of listFilters) {
      expect(await total('supervisor', filter), filter).toBe(prepared[filter]);
      expect(await total('supervisor', `${filter}&page=999`), `${filter}, past the last page`).toBe(prepared[filter]);
    }
    // The next dashboard builds them again.
    await dashboard('supervisor', '');
    const state = (await t.db.execute<{ built: boolean }>(sql`SELECT as_of IS NOT NULL AS built FROM item_rollup_state`)).rows[0];
    expect(state.built).toBe(true);
  });
});
