import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { addDays } from '../../lib/dates.js';
import { dateInZone } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { categories } from '../categories/categories.table.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';
import { importXlsx, xlsx } from '../ledger-io/ledger-io.test-helpers.js';
import { orgs } from '../orgs/orgs.table.js';
import { closeItem, createReview } from '../reviews/reviews.test-helpers.js';
import { expectedMonth } from './reports.expected.test-helpers.js';
import { monthFigures } from './reports.figures.js';
import { readLanes, singleLane } from '../../db/snapshot-readers.js';
import { monthPeriod } from './reports.period.js';

const timeZone = 'Asia/Shanghai';

interface ItemState {
  status: string;
  deadline: string;
  categoryId: number | null;
  /** Microseconds since the epoch, as text: exact on both drivers. */
  createdAt: string;
  closedAt: string | null;
  closedLate: boolean | null;
}

type HistoryRow = {
  item_id: number;
  at_us: string;
  action: string;
  to_status: string | null;
  data: Record<string, unknown> | null;
  changes: Record<string, { before: unknown; after: unknown }> | null;
};

/**
 * An item as its whole history says it is now, by the rules the monthly report replays a changed item with: the
 * last status set, the last deadline given (created, approved extension, reopening, edit, 签收 of a deadline counted
 * from it), the last category edit, the last approved closure. The category of an item never edited is not in its history: `fallbackCategory`.
 */
function replay(rows: HistoryRow[], fallbackCategory: number | null): ItemState {
  const state: ItemState = { status: '', deadline: '', categoryId: fallbackCategory, createdAt: '', closedAt: null, closedLate: null };
  let late: boolean | undefined;
  for (const h of rows) {
    if (h.to_status) state.status = h.to_status;
    if (h.action === 'created' && !state.createdAt) state.createdAt = h.at_us;
    if (h.action === 'created') state.deadline = String(h.data!.deadline);
    if (h.action === 'approve_extension') state.deadline = String(h.data!.deadlineAfter);
    if (h.action === 'reopened') state.deadline = String(h.data!.deadline);
    if ((h.action === 'updated' || h.action === 'start') && h.changes?.deadline) state.deadline = String(h.changes.deadline.after);
    if (h.action === 'updated' && h.changes?.categoryId) state.categoryId = h.changes.categoryId.after as number | null;
    if (h.action === 'approve_closure') {
      state.closedAt = h.at_us;
      late = h.data?.closedLate as boolean | undefined;
    }
  }
  if (state.status !== 'closed') return { ...state, closedAt: null, closedLate: null };
  const closedDay = dateInZone(new Date(Number(BigInt(state.closedAt!) / 1000n)), timeZone);
  return { ...state, closedLate: late ?? closedDay > state.deadline };
}

describe('an item at a month’s end: read from `items` when unchanged since, replayed from its history otherwise', () => {
  let t: TestApp;
  const today = dateInZone(new Date(), timeZone);
  /** Each kind of change, with the items it was made on. */
  const cases = new Map<string, number[]>();
  const covered = (name: string, ...ids: number[]) => cases.set(name, [...(cases.get(name) ?? []), ...ids]);
  let cat: (name: string) => number;

  const ok = async <T extends { statusCode: number; body: string }>(res: T | Promise<T>, status = 200) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return r;
  };
  const step = (as: string, id: number, body: Record<string, unknown>) => ok(transition(t, as, id, body));
  const versionOf = async (id: number) => (await t.as('supervisor')({ method: 'GET', url: `/api/items/${id}` })).json().version as number;
  const requestClosure = async (id: number, as = 'branch') => {
    await ok(uploadPdf(t, as, id), 201);
    await step(as, id, { action: 'request_closure', comment: '整改措施已落实' });
  };
  const object = async (id: number) =>
    ok(t.as('branch')({ method: 'POST', url: `/api/items/${id}/objection`, payload: { version: await versionOf(id), kind: 'not_ours', reason: '不属于本单位' } }));

  beforeAll(async () => {
    t = await createTestApp();
    const categoryIds = new Map((await t.db.select().from(categories)).map((c) => [c.name, c.id]));
    cat = (name) => categoryIds.get(name)!;
    const item = async (overrides: Record<string, unknown> = {}) => (await createItem(t, { categoryId: cat('理论学习'), ...overrides })).id as number;

    covered('created with a date', await item());
    covered('created with working days', await item({ deadline: addDays(today, 30), deadlineWorkingDays: 12 }));

    const started = await item();
    await step('branch', started, { action: 'start' });
    covered('签收 (start)', started);

    // 工作日时限 counted from 签收. Issued and signed for on the same day here, the item is given more working days
    // behind the API's back first, so that its 签收 counts a later date than the one it was created with.
    const fromSigning = await item({ deadline: addDays(today, 30), deadlineWorkingDays: 12, deadlineBasis: 'acknowledge' });
    await t.db.execute(sql`UPDATE items SET deadline_working_days = 17 WHERE id = ${fromSigning}`);
    const signedFor = await step('branch', fromSigning, { action: 'start' });
    expect(signedFor.json().history.at(-1).changes.deadline).toBeDefined();
    covered('working days from 签收, counted again when signed for', fromSigning);

    const progressed = await item();
    await ok(t.as('branch')({ method: 'POST', url: `/api/items/${progressed}/progress`, payload: { content: '已召开专题会议' } }), 201);
    covered('progress on an item not yet started', progressed);

    const onTime = await item({ deadline: addDays(today, 60) });
    await closeItem(t, onTime);
    covered('closure approved on time', onTime);

    const late = await item({ deadline: addDays(today, -3) });
    await closeItem(t, late);
    covered('closure approved late', late);

    const rejected = await item();
    await step('branch', rejected, { action: 'start' });
    await requestClosure(rejected);
    await step('supervisor', rejected, { action: 'reject_closure', comment: '佐证材料不足' });
    covered('closure rejected', rejected);

    const bulk = await item();
    await step('branch', bulk, { action: 'start' });
    await requestClosure(bulk);
    const decided = await ok(
      t.as('supervisor')({ method: 'POST', url: '/api/items/decisions', payload: { action: 'approve_closure', comment: '同意销号', items: [{ id: bulk, version: await versionOf(bulk) }] } }),
    );
    expect(decided.json().succeeded).toBe(1);
    covered('closure approved in a batch decision', bulk);

    const extended = await item({ deadline: addDays(today, 20) });
    await step('branch', extended, { action: 'start' });
    await step('branch', extended, { action: 'request_extension', comment: '需要更多时间', newDeadline: addDays(today, 90) });
    await step('supervisor', extended, { action: 'approve_extension' });
    covered('extension approved', extended);

    const notExtended = await item({ deadline: addDays(today, 20) });
    await step('branch', notExtended, { action: 'request_extension', comment: '需要更多时间', newDeadline: addDays(today, 90) });
    await step('supervisor', notExtended, { action: 'reject_extension', comment: '理由不充分' });
    covered('extension rejected', notExtended);

    const edited = await item();
    await ok(t.as('supervisor')({ method: 'PATCH', url: `/api/items/${edited}`, payload: { version: await versionOf(edited), deadline: addDays(today, 45), categoryId: cat('组织建设') } }));
    await ok(t.as('supervisor')({ method: 'PATCH', url: `/api/items/${edited}`, payload: { version: await versionOf(edited), categoryId: cat('作风建设') } }));
    covered('deadline and category edited', edited);

    const editedWorking = await item();
    await ok(t.as('supervisor')({ method: 'PATCH', url: `/api/items/${editedWorking}`, payload: { version: await versionOf(editedWorking), deadlineWorkingDays: 15 } }));
    covered('deadline edited in working days', editedWorking);

    const cancelled = await item();
    await step('supervisor', cancelled, { action: 'cancel', comment: '重复交办' });
    covered('cancelled', cancelled);

    const transferred = await item();
    await object(transferred);
    await ok(t.as('supervisor')({ method: 'POST', url: `/api/items/${transferred}/transfer`, payload: { version: await versionOf(transferred), orgId: t.orgs.finance, comment: '转财政' } }));
    covered('异议, then transferred', transferred);

    const answered = await item();
    await object(answered);
    await ok(t.as('supervisor')({ method: 'PATCH', url: `/api/items/${answered}`, payload: { version: await versionOf(answered), deadline: addDays(today, 75), categoryId: cat('政治建设') } }));
    await ok(t.as('supervisor')({ method: 'POST', url: `/api/items/${answered}/objection-reply`, payload: { version: await versionOf(answered), comment: '属于本单位职责' } }));
    covered('异议, corrected, then the objection rejected', answered);

    const objectedCancelled = await item();
    await object(objectedCancelled);
    await step('supervisor', objectedCancelled, { action: 'cancel', comment: '异议成立，撤销' });
    covered('异议, then cancelled', objectedCancelled);

    // 回头看: an item closed now is due with 0 months after closure; reopening gives it a second round and deadline.
    const reopened = await item({ orgId: t.orgs['police-office'], deadline: addDays(today, 10) });
    await closeItem(t, reopened);
    await ok(t.as('supervisor')({ method: 'POST', url: '/api/rechecks/draws', payload: { orgId: t.orgs['police-office'], monthsAfterClosure: 0, percent: 100 } }), 201);
    const recheck = (await t.as('supervisor')({ method: 'GET', url: '/api/rechecks?status=requested&pageSize=50' })).json().items.find((r: { itemId: number }) => r.itemId === reopened);
    await ok(t.as('supervisor')({ method: 'POST', url: `/api/rechecks/${recheck.id}/reopen`, payload: { reason: '问题反弹', basis: '回头看现场检查', deadline: addDays(today, 40) } }));
    covered('closed, then reopened by 回头看', reopened);

    const imported = await ok(
      importXlsx(
        t,
        'supervisor',
        await xlsx({
          台账: [
            ['所属单位', '问题来源', '问题类别', '问题描述', '整改时限', '工作日时限'],
            ['公安', '上级点评', '理论学习', '导入的问题，按日期。', addDays(today, 50), ''],
            ['财政', '上级点评', '组织建设', '导入的问题，按工作日。', '', '20个工作日'],
          ],
        }),
      ),
    );
    expect(imported.json().created).toBe(2);
    const importedIds = (await t.db.execute<{ id: number }>(sql`SELECT id FROM items WHERE description LIKE '导入的问题%'`)).rows.map((r) => Number(r.id));
    covered('imported from Excel', ...importedIds);

    const batch = await ok(
      t.as('supervisor')({
        method: 'POST',
        url: '/api/items/batch',
        payload: { orgIds: [t.orgs.police, t.orgs.archives], source: 'review', categoryId: cat('组织建设'), description: '共性问题：会议记录不规范。', deadline: addDays(today, 35), type: 'deadline' },
      }),
      201,
    );
    covered('common problem issued to several organizations', ...batch.json().items.map((i: { id: number }) => i.id));

    const review = await createReview(t, { title: '专项检查', kind: 'special_check', heldOn: addDays(today, -30) });
    const fromReview = await ok(
      t.as('supervisor')({
        method: 'POST',
        url: `/api/reviews/${review.id}/items`,
        payload: { orgId: t.orgs.finance, comment: '存在问题：一是学习不深入。', items: [{ description: '学习不深入。', deadline: addDays(today, 25), type: 'deadline' }] },
      }),
      201,
    );
    const reviewItem = fromReview.json().items[0].id as number;
    const carriedToo = await item({ reviewId: review.id });
    const later = await createReview(t, { title: '述职评议', kind: 'report_review', heldOn: today });
    await ok(t.as('supervisor')({ method: 'POST', url: `/api/reviews/${later.id}/carry`, payload: { orgId: t.orgs.police, itemIds: [carriedToo] } }));
    covered('written from a review', reviewItem);
    covered('carried to a later review', carriedToo);

    // A calendar change: the working-day deadline's own day becomes a day off, so it moves to the next working day.
    const working = await item({ deadline: addDays(today, 40), deadlineWorkingDays: 25 });
    const [{ deadline: resolved }] = (await t.db.execute<{ deadline: string }>(sql`SELECT deadline::text AS deadline FROM items WHERE id = ${working}`)).rows;
    const year = resolved.slice(0, 4);
    const { days } = (await t.as('admin')({ method: 'GET', url: `/api/calendar/years/${year}` })).json() as { days: { date: string; kind: string; name: string }[] };
    const saved = await ok(
      t.as('admin')({ method: 'PUT', url: `/api/calendar/years/${year}`, payload: { source: 'manual', days: [...days.filter((d) => d.date !== resolved), { date: resolved, kind: 'off', name: '调休' }] } }),
    );
    expect(saved.json().reResolved).toBeGreaterThanOrEqual(1);
    const [{ deadline: moved }] = (await t.db.execute<{ deadline: string }>(sql`SELECT deadline::text AS deadline FROM items WHERE id = ${working}`)).rows;
    expect(moved > resolved).toBe(true);
    covered('working-day deadline re-resolved by a calendar change', working);

    // Self-check: another organization answers 存在, which writes its own item.
    const origin = await item();
    await ok(t.as('supervisor')({ method: 'POST', url: `/api/items/${origin}/self-checks`, payload: { scope: 'siblings', deadline: addDays(today, 30), note: '对照检查' } }), 201);
    const [task] = (await t.as('branch2')({ method: 'GET', url: '/api/self-checks/tasks?open=true&pageSize=200' })).json().items as { answerId: number }[];
    const answer = await ok(t.as('branch2')({ method: 'POST', url: `/api/self-checks/tasks/${task.answerId}/answer`, payload: { answer: 'exists', deadline: addDays(today, 30) } }));
    covered('self-check origin', origin);
    covered('self-check answered 存在', answer.json().task.itemId);

    // 二级审核 last: turning it on changes where every later request waits.
    const { rows } = await t.db.execute<{ id: number }>(
      sql`INSERT INTO users (username, display_name, password_hash, role, org_id) SELECT 'po-secretary', '公安党委书记', password_hash, 'branch', ${t.orgs.police} FROM users WHERE username = 'branch' RETURNING id`,
    );
    await ok(t.as('admin')({ method: 'PUT', url: '/api/review-levels/settings', payload: { unitReview: true, partyReview: false } }));
    await ok(t.as('admin')({ method: 'PUT', url: `/api/review-levels/endorsers/${Number(rows[0].id)}` }));
    const endorsed = await item({ deadline: addDays(today, 15) });
    await step('branch', endorsed, { action: 'start' });
    await step('branch', endorsed, { action: 'request_extension', comment: '需要更多时间', newDeadline: addDays(today, 70) });
    await step('po-secretary', endorsed, { action: 'endorse_extension', comment: '同意延期' });
    await step('supervisor', endorsed, { action: 'approve_extension' });
    await requestClosure(endorsed);
    await step('po-secretary', endorsed, { action: 'endorse_closure', comment: '情况属实' });
    await step('supervisor', endorsed, { action: 'approve_closure', comment: '同意销号' });
    covered('extension and closure endorsed at the unit, approved by the committee', endorsed);
    const refusedAtUnit = await item();
    await step('branch', refusedAtUnit, { action: 'start' });
    await requestClosure(refusedAtUnit);
    await step('po-secretary', refusedAtUnit, { action: 'reject_closure', comment: '材料不全' });
    covered('closure rejected at the unit', refusedAtUnit);
  });
  afterAll(() => t.close());

  it('when every kind of change has been made, each item read from `items` equals its whole history replayed', async () => {
    const current = (
      await t.db.execute<{ id: number; status: string; deadline: string; category_id: number | null; created_us: string; closed_us: string | null; closed_late: boolean | null }>(sql`
        SELECT id, status, deadline::text AS deadline, category_id, (extract(epoch FROM created_at) * 1000000)::bigint::text AS created_us,
          (extract(epoch FROM closed_at) * 1000000)::bigint::text AS closed_us, closed_late
        FROM items ORDER BY id`)
    ).rows;
    const history = (
      await t.db.execute<HistoryRow>(sql`
        SELECT item_id, (extract(epoch FROM at) * 1000000)::bigint::text AS at_us, action, to_status, data, changes
        FROM item_history ORDER BY at, id`)
    ).rows;

    // Every item the actions wrote is one of the cases, and every case wrote at least one item.
    const ids = [...cases.values()].flat();
    expect(current.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual([...new Set(ids)].sort((a, b) => a - b));
    const disagreements: Record<string, unknown>[] = [];
    for (const [name, caseIds] of cases) {
      for (const id of caseIds) {
        const row = current.find((r) => Number(r.id) === id)!;
        const stored: ItemState = {
          status: row.status,
          deadline: row.deadline,
          categoryId: row.category_id,
          createdAt: row.created_us,
          closedAt: row.status === 'closed' ? row.closed_us : null,
          closedLate: row.status === 'closed' ? row.closed_late : null,
        };
        const replayed = replay(
          history.filter((h) => Number(h.item_id) === id),
          row.category_id,
        );
        if (JSON.stringify(stored) !== JSON.stringify(replayed)) disagreements.push({ case: name, id, stored, replayed });
      }
    }
    expect(disagreements).toEqual([]);
    // The cases did reach the states they name.
    const statusOf = (name: string) => current.find((r) => Number(r.id) === cases.get(name)![0])!.status;
    expect(['closure approved late', 'closed, then reopened by 回头看', '异议, then transferred', 'extension and closure endorsed at the unit, approved by the committee'].map(statusOf)).toEqual([
      'closed',
      'in_progress',
      'issued',
      'closed',
    ]);
    expect(current.find((r) => Number(r.id) === cases.get('closure approved late')![0])!.closed_late).toBe(true);
  });

  const inOrder = (f: Awaited<ReturnType<typeof monthFigures>>) => ({
    ...f,
    byOrg: [...f.byOrg].sort((a, b) => a.orgId - b.orgId),
    byCategory: [...f.byCategory].sort((a, b) => (a.categoryId ?? 0) - (b.categoryId ?? 0)),
  });

  it('when this month is reported, the figures read from `items` equal the figures replayed from the history', async () => {
    const [{ now }] = (await t.db.execute<{ now: Date | string }>(sql`SELECT now() AS now`)).rows;
    const month = dateInZone(new Date(now), timeZone).slice(0, 7);
    const period = monthPeriod(month);
    const [committee] = await t.db.select().from(orgs).where(eq(orgs.id, t.orgs.committee));
    const args = { scope: { id: committee.id, path: committee.path, depth: committee.depth }, period, timeZone, asOfDay: period.nextFirstDay };
    const figures = await monthFigures(singleLane(t.db), args);
    // Counted in three parts (as the monthly job's readers do side by side) and added up, the figures are the same.
    expect(inOrder(await monthFigures(readLanes([t.db, t.db, t.db]), args))).toEqual(inOrder(figures));
    const expected = await expectedMonth(t.db, { month, rootId: t.orgs.committee });
    expect(figures.total).toMatchObject(expected.total);
    // Every item written counts in the month's total, whichever month the first of them was written in.
    const [{ n }] = (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM items WHERE status <> 'cancelled'`)).rows;
    expect(figures.total.totalItems).toBe(Number(n));
    expect(figures.total.closedTotal).toBeGreaterThanOrEqual(4);
    expect(Object.fromEntries(figures.byOrg.map(({ orgId, ...r }) => [orgId, r]))).toMatchObject(Object.fromEntries(expected.byOrg));
    expect(figures.byOrg).toHaveLength(expected.byOrg.size);
    expect(Object.fromEntries(figures.byCategory.map(({ categoryId, ...r }) => [String(categoryId), r]))).toMatchObject(
      Object.fromEntries([...expected.byCategory].map(([k, v]) => [String(k), v])),
    );
    expect(figures.byCategory).toHaveLength(expected.byCategory.size);
    expect(figures.overdue.map((o) => o.code).sort()).toEqual(expected.overdueCodes);
  });
});
