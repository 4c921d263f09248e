import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { addDays } from '../../lib/dates.js';
import { multipart, tinyPdf } from '../../test/multipart.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { items } from '../items/items.table.js';
import { shiftMonth } from '../reports/reports.period.js';
import { closeItem } from './rechecks.test-helpers.js';
import { closedOnOrBefore, previewSample } from './rechecks.draw.js';

// Items close "now"; the re-checks happen eight months later, so that the month before is a finished month.
const closedAt = new Date();
const clock = fixedClock(closedAt);
const later = new Date(Date.UTC(closedAt.getUTCFullYear(), closedAt.getUTCMonth() + 8, 15, 2));
const today = () => later.toISOString().slice(0, 10);
const month = today().slice(0, 7);
const lastMonth = shiftMonth(month, -1);

describe('回头看: drawing a sample, the organization’s answer and reopening', () => {
  let t: TestApp;
  const ids: number[] = [];
  let financeId: number;
  const post = (as: string, url: string, payload: Record<string, unknown>) => t.as(as)({ method: 'POST', url, payload });
  const report = async (m: string, org = t.orgs.police) => {
    const res = await t.as('supervisor')({ method: 'GET', url: `/api/reports/monthly?month=${m}&org=${org}` });
    expect(res.statusCode).toBe(200);
    const { generatedAt: _generatedAt, ...rest } = res.json();
    return rest;
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const closedOn = closedAt.toISOString().slice(0, 10);
    for (let n = 0; n < 12; n++) {
      const item = await createItem(t, { orgId: n % 3 === 0 ? t.orgs.traffic : t.orgs.police, description: `回头看样本事项${n}：学习制度落实不到位。` });
      // Closed after it was created, as the history has it (the database dates the created row).
      await closeItem(t, { id: item.id, at: new Date(), closedOn });
      ids.push(item.id);
    }
    financeId = (await createItem(t, { orgId: t.orgs.finance, description: '财政已销号事项。' })).id;
    await closeItem(t, { id: financeId, at: new Date(), closedOn });
    clock.set(later);
    // Creating the app and its demo data on a busy machine takes a while.
  }, 180_000);
  afterAll(() => t?.close());

  it('when the same seed draws over the same closed items, it draws the same sample; another seed draws another', async () => {
    const [police] = (await t.db.execute<{ path: string }>(sql`SELECT path FROM orgs WHERE id = ${t.orgs.police}`)).rows;
    const params = { orgId: t.orgs.police, monthsAfterClosure: 6, closedOnOrBefore: closedOnOrBefore(today(), 6), percent: 50, categoryIds: [], sources: [] };
    const first = await previewSample(t.db, { scopePath: police.path, params, seed: 'seed-a' });
    expect(first.length).toBeGreaterThanOrEqual(6);
    expect(await previewSample(t.db, { scopePath: police.path, params, seed: 'seed-a' })).toEqual(first);
    expect(await previewSample(t.db, { scopePath: police.path, params, seed: 'seed-b' })).not.toEqual(first);
    // The draw stores exactly the sample the seed gives, with the seed and its parameters.
    const res = await post('supervisor', '/api/rechecks/draws', { orgId: t.orgs.police, monthsAfterClosure: 6, percent: 50, seed: 'seed-a' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ seed: 'seed-a', drawn: first.length, params: { percent: 50, monthsAfterClosure: 6, closedOnOrBefore: params.closedOnOrBefore } });
    const drawn = await t.db.execute<{ item_id: number }>(sql`SELECT item_id FROM rechecks WHERE draw_id = ${res.json().id} ORDER BY item_id`);
    expect(drawn.rows.map((r) => Number(r.item_id))).toEqual([...first].sort((a, b) => a - b));
    // Each drawn item's organization hears of it: its clerks (and those above it) get a notice naming the item.
    const told = await t.db.execute<{ item_id: number; role: string; org_id: number }>(
      sql`SELECT n.item_id, u.role, u.org_id FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'recheck_requested'`,
    );
    expect(told.rows.length).toBeGreaterThan(0);
    expect(told.rows.every((r) => r.role === 'branch')).toBe(true);
    expect(told.rows.every((r) => first.includes(Number(r.item_id)))).toBe(true);
    expect(first.filter((id) => id === financeId)).toEqual([]);
  });

  it('when an item was already drawn in its round, the next draw leaves it out; items closed too recently are not due', async () => {
    const again = await post('supervisor', '/api/rechecks/draws', { orgId: t.orgs.police, monthsAfterClosure: 6, percent: 100 });
    const both = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM rechecks r JOIN items i ON i.id = r.item_id WHERE i.org_id IN (${t.orgs.police}, ${t.orgs.traffic})`);
    expect(Number(both.rows[0].n)).toBe(12);
    expect(again.json().candidates).toBe(again.json().drawn);
    const recent = await post('supervisor', '/api/rechecks/draws', { orgId: t.orgs.police, monthsAfterClosure: 12, percent: 100 });
    expect(recent.json()).toMatchObject({ candidates: 0, drawn: 0 });
  });

  it('when the organization answers and the committee confirms, the item stays closed and both join its history', async () => {
    const list = (await t.as('branch')({ method: 'GET', url: '/api/rechecks?status=requested&pageSize=50' })).json();
    const target = list.items[0];
    expect(target).toMatchObject({ status: 'requested', round: 1, itemStatus: 'closed' });
    expect((await post('supervisor', `/api/rechecks/${target.id}/confirm`, {})).json().error.code).toBe('rechecks.not_answered');
    const answered = await post('branch', `/api/rechecks/${target.id}/answer`, { statement: '学习制度坚持执行，台账记录完整。' });
    expect(answered.json()).toMatchObject({ status: 'answered', statement: '学习制度坚持执行，台账记录完整。' });
    expect((await post('branch', `/api/rechecks/${target.id}/answer`, { statement: '再答一次' })).json().error.code).toBe('rechecks.illegal_state');
    const confirmed = await post('supervisor', `/api/rechecks/${target.id}/confirm`, { comment: '成果巩固' });
    expect(confirmed.json()).toMatchObject({ status: 'confirmed' });
    const history = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${target.itemId}` })).json().history.map((h: { action: string }) => h.action);
    expect(history).toEqual(expect.arrayContaining(['recheck_answered', 'recheck_confirmed']));
  });

  it('when the organization answers with new evidence, the files go through the upload checks and the committee sees them', async () => {
    const upload = (as: string, itemId: number, query: string, filename = '2026年回头看支委会记录.pdf', content: Buffer | string = tinyPdf('recheck')) =>
      t.as(as)({ method: 'POST', url: `/api/items/${itemId}/evidence${query}`, ...multipart([{ name: 'file', file: { filename, content, contentType: 'application/pdf' } }]) });
    const target = (await t.as('branch')({ method: 'GET', url: '/api/rechecks?status=requested&pageSize=50' })).json().items[0];
    // Without a re-check the closed item takes no new file; with one, only a file of real type gets in.
    expect((await upload('branch', target.itemId, '')).json().error.code).toBe('evidence.item_locked');
    expect((await upload('branch', target.itemId, `?recheckId=${target.id}`, 'fake.pdf', '<!DOCTYPE html><html><script>alert(1)</script></html>')).statusCode).toBe(415);
    const other = (await t.as('supervisor')({ method: 'GET', url: '/api/rechecks?status=requested&pageSize=50' })).json().items.find((r: { itemId: number }) => r.itemId !== target.itemId);
    expect((await upload('branch', target.itemId, `?recheckId=${other.id}`)).json().error.code).toBe('rechecks.not_found');
    expect((await upload('branch2', target.itemId, `?recheckId=${target.id}`)).statusCode).toBe(404);
    const res = await upload('branch', target.itemId, `?recheckId=${target.id}`);
    expect(res.statusCode).toBe(201);
    expect(res.json().item.status).toBe('closed');

    await post('branch', `/api/rechecks/${target.id}/answer`, { statement: '支委会每月专题学习，记录附后。' });
    const seen = (await t.as('supervisor')({ method: 'GET', url: `/api/rechecks?status=answered&pageSize=50` })).json().items.find((r: { id: number }) => r.id === target.id);
    expect(seen.evidence).toEqual([expect.objectContaining({ id: res.json().evidenceId, fileName: '2026年回头看支委会记录.pdf', mime: 'application/pdf' })]);
    // Once answered, the re-check takes no more files.
    expect((await upload('branch', target.itemId, `?recheckId=${target.id}`)).json().error.code).toBe('evidence.item_locked');
    const history = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${target.itemId}` })).json().history;
    expect(history.find((h: { action: string }) => h.action === 'evidence_added')).toMatchObject({ data: { recheckId: target.id } });
  });

  it('when a re-check is reopened, the item starts round 2 with its own deadline and history, and last month’s report does not change', async () => {
    const before = await report(lastMonth);
    const list = (await t.as('supervisor')({ method: 'GET', url: '/api/rechecks?status=requested&pageSize=50' })).json();
    const target = list.items[0];
    const deadline = addDays(today(), 30);
    expect((await post('supervisor', `/api/rechecks/${target.id}/reopen`, { reason: '反弹', basis: '现场检查', deadline: addDays(today(), -1) })).json().error.code).toBe('rechecks.deadline_invalid');
    const res = await post('supervisor', `/api/rechecks/${target.id}/reopen`, { reason: '学习记录中断两个月，问题反弹。', basis: '回头看现场检查记录', deadline });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'reopened', newDeadline: deadline, basis: '回头看现场检查记录' });
    const [row] = await t.db.select({ status: items.status, round: items.round, deadline: items.deadline, closedOn: items.closedOn }).from(items).where(eq(items.id, target.itemId));
    expect(row).toEqual({ status: 'in_progress', round: 2, deadline, closedOn: null });
    const detail = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${target.itemId}` })).json();
    const actions = detail.history.map((h: { action: string }) => h.action);
    // The first round's closure stays; the reopening opens the second round.
    expect(actions.indexOf('approve_closure')).toBeLessThan(actions.indexOf('reopened'));
    expect(detail.history.find((h: { action: string }) => h.action === 'reopened')).toMatchObject({ fromStatus: 'closed', toStatus: 'in_progress', comment: '学习记录中断两个月，问题反弹。', data: { round: 2, deadline } });
    // Reopening twice is refused, and nothing changes.
    expect((await post('supervisor', `/api/rechecks/${target.id}/reopen`, { reason: '再次', basis: '再次', deadline })).json().error.code).toBe('rechecks.illegal_state');

    expect(await report(lastMonth)).toEqual(before);
    const now = await report(month);
    expect(now.rounds).toMatchObject({ reopenedInMonth: 1, rechecked: 2, reopened: 1, reboundRate: 0.5 });
    expect(now.rounds.byOrg.reduce((n: number, r: { reopened: number }) => n + r.reopened, 0)).toBe(1);
    expect(now.rounds.byCategory.length).toBeGreaterThan(0);
  });

  it('when someone outside the item’s scope or role acts on a re-check, it is refused and nothing is written', async () => {
    const mine = (await t.as('supervisor')({ method: 'GET', url: '/api/rechecks?status=requested&pageSize=1' })).json().items[0];
    expect((await post('branch2', `/api/rechecks/${mine.id}/answer`, { statement: '不是我的' })).statusCode).toBe(404);
    expect((await post('viewer', `/api/rechecks/${mine.id}/reopen`, { reason: 'x', basis: 'y', deadline: addDays(today(), 5) })).statusCode).toBe(403);
    expect((await post('supervisor', `/api/rechecks/${mine.id}/reopen`, { reason: '', basis: 'y', deadline: addDays(today(), 5) })).statusCode).toBe(400);
    const still = (await t.as('supervisor')({ method: 'GET', url: `/api/rechecks?status=requested&pageSize=50` })).json().items.find((r: { id: number }) => r.id === mine.id);
    expect(still).toMatchObject({ status: 'requested', statement: null });
  });

  it('when the settings are saved, they come back as saved and the defaults hold before', async () => {
    expect((await t.as('supervisor')({ method: 'GET', url: '/api/rechecks/settings' })).json()).toMatchObject({ enabled: false, monthsAfterClosure: 6, percent: 10 });
    const saved = await t.as('supervisor')({ method: 'PUT', url: '/api/rechecks/settings', payload: { enabled: true, monthsAfterClosure: 3, percent: 20, categoryIds: [], sources: ['review'] } });
    expect(saved.json()).toMatchObject({ enabled: true, monthsAfterClosure: 3, percent: 20, sources: ['review'] });
    const bad = await t.as('supervisor')({ method: 'PUT', url: '/api/rechecks/settings', payload: { enabled: true, monthsAfterClosure: 3, percent: 0, categoryIds: [], sources: [] } });
    expect(bad.statusCode).toBe(400);
  });
});
