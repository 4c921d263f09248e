import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';
import { items } from '../items/items.table.js';
import { monthPeriod } from './reports.period.js';
import { reportSnapshots } from './reports.table.js';
import { expectedMonth } from './reports.expected.test-helpers.js';
import { writeDemoLedger, writeStories } from './reports.test-helpers.js';

// 10:00 in Shanghai on 10 June 2026: May is the last finished month.
const clock = fixedClock('2026-06-10T02:00:00Z');

describe('monthly report', () => {
  let t: TestApp;
  let categoryIds: Map<string, number>;
  const report = async (query: string, as = 'supervisor') => t.as(as)({ method: 'GET', url: `/api/reports/monthly?${query}` });
  const withoutStamp = (body: Record<string, unknown>) => ({ ...body, generatedAt: undefined, source: undefined });
  /** Closures approved late before the month's end, counted from the history alone. */
  const closedLateBy = async (month: string) => {
    const end = monthPeriod(month).nextFirstDay;
    const { rows } = await t.db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM item_history
      WHERE action = 'approve_closure' AND (data->>'closedLate')::boolean AND at < (${end}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    return rows[0].n;
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ({ categoryIds } = await writeDemoLedger(t, '2026-06-10'));
    const cat = (name: string) => categoryIds.get(name)!;
    const base = { source: 'review' as const, type: 'deadline' as const, description: '问题描述。', categoryId: cat('组织建设') };
    // Edge cases at the month's borders, each named by what it checks.
    await writeStories(t, [
      { ...base, orgId: t.orgs.traffic, title: '五月末日到期仍未完成', createdOn: '2026-04-02', deadline: '2026-05-31', steps: [{ on: '2026-04-05', action: 'start' }] },
      { ...base, orgId: t.orgs.traffic, title: '六月一日到期', createdOn: '2026-04-02', deadline: '2026-06-01', steps: [] },
      {
        ...base,
        orgId: t.orgs.finance,
        title: '五月延期后不再逾期',
        createdOn: '2026-03-10',
        deadline: '2026-05-10',
        steps: [
          { on: '2026-05-05', action: 'request_extension', comment: '申请延期', newDeadline: '2026-07-31' },
          { on: '2026-05-06', action: 'approve_extension' },
        ],
      },
      {
        ...base,
        orgId: t.orgs.finance,
        title: '六月才延期，五月末仍逾期',
        createdOn: '2026-03-10',
        deadline: '2026-05-10',
        steps: [
          { on: '2026-06-02', action: 'request_extension', comment: '申请延期', newDeadline: '2026-07-31' },
          { on: '2026-06-03', action: 'approve_extension' },
        ],
      },
      { ...base, orgId: t.orgs.education, title: '五月撤销', createdOn: '2026-03-01', deadline: '2026-04-01', steps: [{ on: '2026-05-12', action: 'cancel', comment: '重复交办' }] },
      {
        ...base,
        orgId: t.orgs.health,
        title: '五月逾期销号',
        createdOn: '2026-03-01',
        deadline: '2026-04-30',
        steps: [
          { on: '2026-05-02', action: 'progress', comment: '整改中' },
          { on: '2026-05-20', action: 'request_closure', comment: '完成' },
          { on: '2026-05-31', action: 'approve_closure' },
        ],
      },
      {
        ...base,
        orgId: t.orgs.health,
        title: '六月一日销号',
        createdOn: '2026-03-01',
        deadline: '2026-07-30',
        steps: [
          { on: '2026-05-02', action: 'progress', comment: '整改中' },
          { on: '2026-05-20', action: 'request_closure', comment: '完成' },
          { on: '2026-06-01', action: 'approve_closure' },
        ],
      },
      { ...base, orgId: t.orgs.court, title: '六月新增', createdOn: '2026-06-01', deadline: '2026-06-05', steps: [] },
      // 15 working days counted from 签收: 5-26 as if signed on the day of issue, 6-10 from 5-20, the day it was.
      {
        ...base,
        orgId: t.orgs.court,
        title: '五月签收后按工作日重算',
        createdOn: '2026-05-06',
        deadline: '2026-05-26',
        steps: [
          { on: '2026-05-20', action: 'start', deadline: '2026-06-10' },
          { on: '2026-06-02', action: 'progress', comment: '整改中' },
        ],
      },
    ]);
  });
  afterAll(() => t.close());

  it('when a past month is asked for, its figures equal the counts replayed independently from the items and history', async () => {
    // A notice issued in May counts in May.
    const [open] = await t.db.select().from(items).where(eq(items.title, '五月末日到期仍未完成'));
    clock.set('2026-05-20T02:00:00Z');
    const notice = await t.as('supervisor')({ method: 'POST', url: '/api/notices', payload: { itemIds: [open.id], level: 'yellow', requirements: '加快进度', replyDeadline: '2026-05-30' } });
    expect(notice.statusCode).toBe(201);
    clock.set('2026-06-10T02:00:00Z');

    for (const month of ['2026-05', '2026-04', '2026-03']) {
      const res = await report(`month=${month}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      const expected = await expectedMonth(t.db, { month, rootId: t.orgs.committee });
      expect(body).toMatchObject({ month, complete: true, source: 'live', orgId: t.orgs.committee });
      expect(body.figures).toMatchObject({ ...expected.total, noticesIssued: expected.noticesIssued });
      expect(body.figures.completionRate).toBeCloseTo(expected.total.closedTotal / expected.total.totalItems, 10);
      // 按期销号率 of what is due by the month end, not of what was closed in the month (lib/rates.ts).
      const due = body.figures.closedTotal + body.figures.overdue;
      expect(body.figures.closedOnTimeTotal).toBe(expected.total.closedTotal - (await closedLateBy(month)));
      expect(body.figures.onTimeRate).toBeCloseTo(body.figures.closedOnTimeTotal / due, 10);
      expect(Object.fromEntries(body.byOrg.map((r: { orgId: number }) => [r.orgId, r]))).toMatchObject(Object.fromEntries(expected.byOrg));
      expect(body.byOrg).toHaveLength(expected.byOrg.size);
      expect(Object.fromEntries(body.byCategory.map((r: { categoryId: number | null }) => [String(r.categoryId), r]))).toMatchObject(
        Object.fromEntries([...expected.byCategory].map(([k, v]) => [String(k), v])),
      );
      expect(body.overdueItems.map((i: { code: string }) => i.code).sort()).toEqual(expected.overdueCodes);
    }
    const may = (await report('month=2026-05')).json();
    const titles = may.overdueItems.map((i: { title: string }) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['五月末日到期仍未完成', '六月才延期，五月末仍逾期']));
    expect(titles).not.toContain('六月一日到期');
    expect(titles).not.toContain('五月延期后不再逾期');
    expect(titles).not.toContain('五月签收后按工作日重算');
    expect(may.overdueItems.find((i: { title: string }) => i.title === '五月末日到期仍未完成').daysOverdue).toBe(1);
    expect(may.figures.noticesIssued).toBe(1);
    const april = (await report('month=2026-04')).json();
    expect(may.previous).toEqual(april.figures);
    expect(may.change.closed).toBe(may.figures.closed - april.figures.closed);
  });

  it('when items change after a month has ended, the report for that month stays the same', async () => {
    const before = (await report('month=2026-05')).json();
    const beforeBranch = (await report(`month=2026-05&org=${t.orgs.police}`)).json();
    // Later: a closure approved, a category changed, an overdue item extended, a new item created.
    const [pending] = await t.db.select().from(items).where(eq(items.status, 'closure_requested')).limit(1);
    expect((await transition(t, 'supervisor', pending.id, { action: 'approve_closure', withoutEvidence: true, comment: '材料已另行报送' })).statusCode).toBe(200);
    const [recategorised] = await t.db.select().from(items).where(eq(items.title, '五月末日到期仍未完成'));
    const patched = await t.as('supervisor')({ method: 'PATCH', url: `/api/items/${recategorised.id}`, payload: { version: recategorised.version, categoryId: categoryIds.get('信息化建设') } });
    expect(patched.statusCode).toBe(200);
    expect((await transition(t, 'branch', recategorised.id, { action: 'request_extension', comment: '延期', newDeadline: '2026-09-30' })).statusCode).toBe(200);
    expect((await transition(t, 'supervisor', recategorised.id, { action: 'approve_extension' })).statusCode).toBe(200);
    const fresh = await createItem(t, { orgId: t.orgs.police, deadline: '2026-06-20' });
    await uploadPdf(t, 'branch', fresh.id);

    expect(withoutStamp((await report('month=2026-05')).json())).toEqual(withoutStamp(before));
    expect(withoutStamp((await report(`month=2026-05&org=${t.orgs.police}`)).json())).toEqual(withoutStamp(beforeBranch));
    // And the independent replay still agrees (the category edit is undone as of May).
    const expected = await expectedMonth(t.db, { month: '2026-05', rootId: t.orgs.committee });
    expect(before.figures).toMatchObject(expected.total);
  });

  it('when the snapshot job runs after the month, it stores the month and the committee report answers from it unchanged', async () => {
    const live = (await report('month=2026-05')).json();
    const outcomes = await t.app.scheduler.tick();
    expect(outcomes.find((o) => o.job === 'monthly_report_snapshot')).toMatchObject({ ran: true, period: '2026-05' });
    const stored = await t.db.select().from(reportSnapshots).where(eq(reportSnapshots.month, '2026-05'));
    expect(stored.map((s) => s.orgId)).toEqual([t.orgs.committee]);
    const snap = (await report('month=2026-05')).json();
    expect(snap.source).toBe('snapshot');
    expect(withoutStamp(snap)).toEqual(withoutStamp(live));
    // A second tick the same month stores nothing more.
    expect((await t.app.scheduler.tick()).find((o) => o.job === 'monthly_report_snapshot')).toMatchObject({ ran: false });
  });

  it('when the month before is stored, a report compares with the stored figures, which a replay of the history gives too', async () => {
    const [may] = await t.db.select().from(reportSnapshots).where(eq(reportSnapshots.month, '2026-05'));
    expect(may).toBeDefined();
    const june = (await report('month=2026-06')).json();
    expect(june.previous).toEqual((may.data as { figures: unknown }).figures);
    await t.db.delete(reportSnapshots).where(eq(reportSnapshots.month, '2026-05'));
    const replayed = (await report('month=2026-06')).json();
    await t.db.insert(reportSnapshots).values(may);
    expect(replayed.previous).toEqual(june.previous);
    // The published May is what June compares with, even where a replay would now say otherwise.
    const data = may.data as { figures: { newItems: number } };
    await t.db.update(reportSnapshots).set({ data: { ...data, figures: { ...data.figures, newItems: 9999 } } }).where(eq(reportSnapshots.month, '2026-05'));
    expect((await report('month=2026-06')).json().previous.newItems).toBe(9999);
    await t.db.update(reportSnapshots).set({ data: may.data }).where(eq(reportSnapshots.month, '2026-05'));
  });

  it('when a report was stored with rates of an older definition, it is read with the rates of its counts', async () => {
    const live = (await report('month=2026-04')).json();
    expect(live.figures.completionRate).not.toBeNull();
    const old = (r: { completionRate: number | null }) => ({ ...r, completionRate: 0.999 });
    const data = { ...live, figures: old(live.figures), previous: old(live.previous), change: { ...live.change, completionRate: 12.3 }, byOrg: live.byOrg.map(old), byCategory: live.byCategory.map(old) };
    await t.db.insert(reportSnapshots).values({ month: '2026-04', orgId: t.orgs.committee, data, createdAt: new Date('2026-05-01T00:00:00Z') });
    const snap = (await report('month=2026-04')).json();
    expect(snap.source).toBe('snapshot');
    expect(withoutStamp(snap)).toEqual(withoutStamp(live));
  });

  it('when a branch asks, it sees only its subtree; another organization answers 404 and a future month 400', async () => {
    const mine = (await report('month=2026-05', 'branch')).json();
    const expected = await expectedMonth(t.db, { month: '2026-05', rootId: t.orgs.police });
    expect(mine.orgId).toBe(t.orgs.police);
    expect(mine.figures).toMatchObject(expected.total);
    expect(mine.byOrg.every((r: { orgId: number }) => [t.orgs.police, t.orgs.traffic, t.orgs['police-office']].includes(r.orgId))).toBe(true);
    expect((await report(`month=2026-05&org=${t.orgs.finance}`, 'branch')).statusCode).toBe(404);
    expect((await report('month=2026-07')).json().error.code).toBe('reports.month_invalid');
    expect((await report('month=2026-13')).statusCode).toBe(400);
    expect((await report('month=2026-05', 'viewer')).statusCode).toBe(200);
  });

  it('when the running month is asked for, it reports the figures so far and says the month is not complete', async () => {
    const june = (await report('month=2026-06')).json();
    expect(june).toMatchObject({ complete: false, month: '2026-06' });
    expect(june.trend).toHaveLength(12);
    expect(june.trend.at(-1).month).toBe('2026-06');
  });
});
