import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { items, itemHistory } from '../items/items.table.js';
import { notice2026 } from './calendar.notices.fixtures.js';
import { createCalendarRepository } from './calendar.repository.js';
import { reResolveWorkingDeadlines } from './calendar.reresolve.js';

// Friday 2026-12-18 in the committee's time zone: 15 working days run into 2027, which no installation ships.
const clock = fixedClock('2026-12-18T02:00:00Z');

describe('the working-day calendar', () => {
  let t: TestApp;
  const admin = (opts: Parameters<ReturnType<TestApp['as']>>[0]) => t.as('admin')(opts);

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('when a new installation starts, 2025 and 2026 are loaded from the State Council notices', async () => {
    const res = await t.as('viewer')({ method: 'GET', url: '/api/calendar/years' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((y: { year: number; source: string; offCount: number; workCount: number }) => [y.year, y.source, y.offCount, y.workCount])).toEqual([
      [2025, 'seed', 28, 5],
      [2026, 'seed', 33, 6],
    ]);
    const y2026 = (await t.as('branch')({ method: 'GET', url: '/api/calendar/years/2026' })).json();
    expect(y2026.days).toContainEqual({ date: '2026-02-14', kind: 'work', name: '春节' });
  });

  it('when it is December and 2027 has no calendar, the administrator is told', async () => {
    expect((await admin({ method: 'GET', url: '/api/calendar/years' })).json().missingNextYear).toBe(2027);
  });

  it('when 15 working days are resolved from 2026-02-09, the Spring Festival is skipped and it gives 2026-03-06', async () => {
    const res = await t.as('supervisor')({ method: 'GET', url: '/api/calendar/resolve?from=2026-02-09&days=15' });
    expect(res.json()).toEqual({ deadline: '2026-03-06', missingYears: [] });
  });

  it('when the 2026 notice is pasted, it answers a preview of the days without saving them', async () => {
    const before = (await admin({ method: 'GET', url: '/api/calendar/years' })).json().items;
    const res = await admin({ method: 'POST', url: '/api/calendar/notice', payload: { text: notice2026 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().year).toBe(2026);
    expect(res.json().days).toHaveLength(39);
    expect((await admin({ method: 'GET', url: '/api/calendar/years' })).json().items).toEqual(before);
  });

  it('when the pasted text is not a notice, it answers 400 in Chinese naming what it could not read', async () => {
    const res = await admin({ method: 'POST', url: '/api/calendar/notice', payload: { text: notice2026.replace('共9天', '共8天') } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('calendar.notice_unreadable');
    expect(res.json().error.message).toContain('第二条（春节）');
  });

  it('when a supervisor or a sub-committee administrator saves a year, it is refused', async () => {
    const payload = { days: [] };
    expect((await t.as('supervisor')({ method: 'PUT', url: '/api/calendar/years/2027', payload })).statusCode).toBe(403);
    expect((await t.as('supervisor')({ method: 'POST', url: '/api/calendar/notice', payload: { text: notice2026 } })).statusCode).toBe(403);
  });

  it('when the days do not fit the year, it refuses the whole save and keeps the year as it was', async () => {
    const cases = [
      { days: [{ date: '2026-01-01', kind: 'off', name: '元旦' }], code: 'calendar.day_outside_year' },
      { days: [{ date: '2027-01-01', kind: 'off', name: '元旦' }, { date: '2027-01-01', kind: 'off', name: '元旦' }], code: 'calendar.day_repeated' },
      { days: [{ date: '2027-01-04', kind: 'work', name: '元旦' }], code: 'calendar.work_day_on_weekday' },
    ];
    for (const c of cases) {
      const res = await admin({ method: 'PUT', url: '/api/calendar/years/2027', payload: { days: c.days } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe(c.code);
    }
    expect((await admin({ method: 'GET', url: '/api/calendar/years/2027' })).json()).toEqual({ year: 2027, loaded: false, source: null, days: [] });
  });

  it('when an item is given 15 working days that run into 2027, it is flagged provisional; loading 2027 resolves it again', async () => {
    const created = await createItem(t, { deadline: '2027-01-08', deadlineWorkingDays: 15 });
    expect(created).toMatchObject({ deadline: '2027-01-08', deadlineWorkingDays: 15, deadlineBasis: 'issue', deadlineProvisional: true });
    const dated = await createItem(t, { deadline: '2027-01-08' });
    expect(dated).toMatchObject({ deadline: '2027-01-08', deadlineWorkingDays: null, deadlineProvisional: false });

    const res = await admin({ method: 'PUT', url: '/api/calendar/years/2027', payload: { source: 'manual', days: [{ date: '2027-01-01', kind: 'off', name: '元旦' }] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ year: 2027, loaded: true, source: 'manual', reResolved: 1 });

    const after = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${created.id}` })).json();
    expect(after).toMatchObject({ deadline: '2027-01-11', originalDeadline: '2027-01-11', deadlineProvisional: false, version: created.version + 1 });
    expect((await t.as('supervisor')({ method: 'GET', url: `/api/items/${dated.id}` })).json().deadline).toBe('2027-01-08');
    const [entry] = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, created.id)).orderBy(sql`${itemHistory.id} DESC`).limit(1);
    expect(entry).toMatchObject({ action: 'updated', changes: { deadline: { before: '2027-01-08', after: '2027-01-11' } } });
    expect((await admin({ method: 'GET', url: '/api/calendar/years' })).json().missingNextYear).toBeNull();
  });

  it('when a year is saved again unchanged, no item is touched', async () => {
    const res = await admin({ method: 'PUT', url: '/api/calendar/years/2027', payload: { days: [{ date: '2027-01-01', kind: 'off', name: '元旦' }] } });
    expect(res.json().reResolved).toBe(0);
    const [{ n }] = (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${items} WHERE deadline_provisional`)).rows;
    expect(n).toBe(0);
  });

  it('when an item asks for more than 250 working days, it is refused', async () => {
    await expect(createItem(t, { deadlineWorkingDays: 251 })).rejects.toThrow(/400/);
  });
});

describe('a 待定 deadline that a saved year leaves on its day', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('when 2027 is loaded without a holiday on its way, the deadline stays, is no longer 待定, and the item is not written', async () => {
    const created = await createItem(t, { deadline: '2027-01-08', deadlineWorkingDays: 15, description: '谈心谈话记录不全，部分党员未按要求开展谈心谈话。' });
    expect(created).toMatchObject({ deadline: '2027-01-08', deadlineProvisional: true });
    const historyBefore = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, created.id));

    const res = await t.as('admin')({ method: 'PUT', url: '/api/calendar/years/2027', payload: { days: [{ date: '2027-10-01', kind: 'off', name: '国庆节' }] } });
    expect(res.json()).toMatchObject({ year: 2027, loaded: true, reResolved: 0 });

    const after = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${created.id}` })).json();
    expect(after).toMatchObject({ deadline: '2027-01-08', deadlineWorkingDays: 15, deadlineProvisional: false, version: created.version });
    const listed = (await t.as('supervisor')({ method: 'GET', url: `/api/items?q=${encodeURIComponent('谈心谈话记录不全')}` })).json();
    expect(listed.items.find((i: { id: number }) => i.id === created.id)).toMatchObject({ deadlineProvisional: false });
    const sheet = (await t.as('supervisor')({ method: 'GET', url: '/api/items/ledger' })).json();
    expect(sheet.rows.find((r: { id: number }) => r.id === created.id)).toMatchObject({ deadline: '2027-01-08', deadlineProvisional: false });
    expect(await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, created.id))).toHaveLength(historyBefore.length);
  });
});

describe('a saved year that moves several deadlines', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('when a saved year moves several deadlines in one statement, each moves with its history entry, and the transaction keeps its planner settings', async () => {
    const { user } = await t.login('admin');
    const made = [];
    for (const description of ['支部委员会会议记录不规范。', '党员发展档案材料缺失。', '组织生活会批评与自我批评不够。']) {
      made.push(await createItem(t, { deadline: '2027-01-08', deadlineWorkingDays: 15, description }));
    }
    const moved = await t.db.transaction(async (tx) => {
      await createCalendarRepository({ db: tx }).replaceYear({ year: 2027, source: 'manual', by: user.id, days: [
        { date: '2027-01-04', kind: 'off', name: '元旦' },
        { date: '2027-01-05', kind: 'off', name: '元旦' },
      ] });
      const before = (await tx.execute<{ s: string }>(sql`SELECT current_setting('enable_indexscan') AS s`)).rows[0].s;
      const { changed } = await reResolveWorkingDeadlines(tx, { year: 2027, actorId: user.id });
      expect((await tx.execute<{ s: string }>(sql`SELECT current_setting('enable_indexscan') AS s`)).rows[0].s).toBe(before);
      return changed;
    });
    expect(moved).toBe(3);
    for (const item of made) {
      const after = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${item.id}` })).json();
      expect(item.deadline).toBe('2027-01-08');
      expect(after).toMatchObject({ deadline: '2027-01-12', deadlineProvisional: false, version: item.version + 1 });
      expect(after.history.filter((h: { comment: string | null }) => h.comment?.includes('2027'))).toHaveLength(1);
    }
  });
});
