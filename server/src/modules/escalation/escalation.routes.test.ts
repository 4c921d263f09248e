import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DEFAULT_TIME_ZONE } from '../../config.js';
import { fixedClock } from '../../lib/clock.js';
import { addDays } from '../../lib/dates.js';
import { multipart, tinyPdf } from '../../test/multipart.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem } from '../items/items.test-helpers.js';
import { defaultLadder } from './escalation.ladder.js';

const clock = fixedClock(new Date());
// The committee's day, not the UTC date: from 16:00 UTC they differ, and days overdue count in the committee's days.
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: DEFAULT_TIME_ZONE }).format(clock.now());
const daysAgo = (n: number) => addDays(today(), -n);

describe('the escalation ladder: suggestions, 约谈 and 问责建议', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  const get = (as: string, url: string) => t.as(as)({ method: 'GET', url });
  const post = (as: string, url: string, payload: Record<string, unknown>) => t.as(as)({ method: 'POST', url, payload });
  const suggestion = async (id: number) => (await get('supervisor', `/api/escalation/suggestions?orgId=${t.orgs.police}&pageSize=200`)).json().items.find((s: { itemId: number }) => s.itemId === id);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    for (const [key, days] of [['day2', 2], ['day20', 20], ['day50', 50]] as const) {
      ids[key] = (await createItem(t, { description: `督办阶梯逾期${days}天的事项。` })).id;
      await t.db.execute(sql`UPDATE items SET deadline = ${daysAgo(days)}::date, original_deadline = ${daysAgo(days)}::date WHERE id = ${ids[key]}`);
    }
    ids.finance = (await createItem(t, { orgId: t.orgs.finance, description: '财政逾期事项。' })).id;
    await t.db.execute(sql`UPDATE items SET deadline = ${daysAgo(40)}::date WHERE id = ${ids.finance}`);
    // Creating the app and its demo data on a busy machine takes a while.
  }, 180_000);
  afterAll(() => t?.close());

  it('when items are late by different days, each gets the step its days reach', async () => {
    expect(await suggestion(ids.day2)).toMatchObject({ daysOverdue: 2, suggested: 'remind', taken: [] });
    expect(await suggestion(ids.day20)).toMatchObject({ suggested: 'notice_yellow' });
    expect(await suggestion(ids.day50)).toMatchObject({ suggested: 'talk' });
    // Out of scope: the sibling's late item is not listed.
    expect(await suggestion(ids.finance)).toBeUndefined();
  });

  it('when the suggested 督办单 is issued, that step counts as taken and nothing new is due until the next threshold', async () => {
    const notice = await post('supervisor', '/api/notices', { itemIds: [ids.day20], level: 'yellow', requirements: '限期整改。', replyDeadline: today() });
    expect(notice.statusCode).toBe(201);
    expect(await suggestion(ids.day20)).toMatchObject({ taken: ['notice_yellow'], suggested: null, unansweredNotices: 1 });
    const due = (await get('supervisor', `/api/escalation/suggestions?orgId=${t.orgs.police}&dueOnly=true&pageSize=200`)).json();
    expect(due.items.map((s: { itemId: number }) => s.itemId)).not.toContain(ids.day20);
  });

  it('when a 约谈 and a 问责建议 are recorded, they join the item’s history and the organization’s record', async () => {
    const talk = await post('supervisor', '/api/escalation/records', { itemId: ids.day50, kind: 'talk', heldOn: today(), participants: '工委副书记、公安局党委书记', content: '约谈纪要：两周内整改到位。' });
    expect(talk.statusCode).toBe(201);
    expect(talk.json()).toMatchObject({ kind: 'talk', orgId: t.orgs.police, participants: '工委副书记、公安局党委书记' });
    expect(await suggestion(ids.day50)).toMatchObject({ taken: ['talk'], suggested: null });
    const accountability = await post('supervisor', '/api/escalation/records', { itemId: ids.day50, kind: 'accountability', content: '建议对责任人予以诫勉谈话。' });
    expect(accountability.statusCode).toBe(201);
    const record = (await get('branch', `/api/escalation/records?orgId=${t.orgs.police}`)).json();
    expect(record.summary).toMatchObject({ talks: 1, accountability: 1, notices: { yellow: 1 } });
    expect(record.items.map((r: { kind: string }) => r.kind)).toEqual(['accountability', 'talk']);
    const history = (await get('supervisor', `/api/items/${ids.day50}`)).json().history.map((h: { action: string }) => h.action);
    expect(history).toEqual(expect.arrayContaining(['escalation_talk', 'escalation_accountability']));
    // The committee's ranking reads the same record per organization under it.
    const byOrg = (await get('supervisor', '/api/escalation/by-org')).json().items;
    expect(byOrg.find((r: { orgId: number }) => r.orgId === t.orgs.police)).toMatchObject({ talks: 1, accountability: 1, notices: { yellow: 1 } });
    const report = (await get('supervisor', `/api/reports/monthly?month=${today().slice(0, 7)}&org=${t.orgs.police}`)).json();
    expect(report.escalations).toMatchObject({ talks: 1, accountability: 1 });
  });

  it('when minutes are attached to a 约谈, they pass the content checks and join the record, not the item’s evidence', async () => {
    const attach = (as: string, recordId: number, filename: string, content: Buffer | string) =>
      t.as(as)({ method: 'POST', url: `/api/escalation/records/${recordId}/attachments`, ...multipart([{ name: 'file', file: { filename, content, contentType: 'application/pdf' } }]) });
    const talk = (await get('supervisor', `/api/escalation/records?orgId=${t.orgs.police}`)).json().items.find((r: { kind: string }) => r.kind === 'talk');
    const before = (await get('supervisor', `/api/items/${talk.itemId}`)).json();
    expect((await attach('supervisor', talk.id, '约谈纪要.pdf', '<!DOCTYPE html><html><script>alert(1)</script></html>')).statusCode).toBe(415);
    expect((await attach('branch', talk.id, '约谈纪要.pdf', tinyPdf('talk'))).statusCode).toBe(403);
    expect((await attach('supervisor', 999_999, '约谈纪要.pdf', tinyPdf('talk'))).json().error.code).toBe('escalation.not_found');
    const res = await attach('supervisor', talk.id, '约谈纪要（扫描件）.pdf', tinyPdf('talk'));
    expect(res.statusCode).toBe(201);
    expect(res.json().attachments).toEqual([expect.objectContaining({ fileName: '约谈纪要（扫描件）.pdf', mime: 'application/pdf' })]);
    const after = (await get('supervisor', `/api/items/${talk.itemId}`)).json();
    expect(after.evidence).toEqual(before.evidence);
    expect(after.version).toBe(before.version);
    // The organization reads its record with the minutes and can download them, but cannot take them back.
    const mine = (await get('branch', `/api/escalation/records?orgId=${t.orgs.police}`)).json().items.find((r: { id: number }) => r.id === talk.id);
    const fileId = mine.attachments[0].id;
    expect((await get('branch', `/api/evidence/${fileId}/download`)).statusCode).toBe(200);
    expect((await t.as('branch')({ method: 'DELETE', url: `/api/items/${talk.itemId}/evidence/${fileId}` })).statusCode).toBe(404);
  });

  it('when a record is refused (a future talk, another organization’s item, a reader), nothing is written', async () => {
    const count = async () => Number((await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM escalation_records`)).rows[0].n);
    const before = await count();
    expect((await post('supervisor', '/api/escalation/records', { itemId: ids.day2, kind: 'talk', heldOn: '2199-01-01', participants: 'x', content: 'y' })).json().error.code).toBe('escalation.held_on_invalid');
    expect((await post('branch2', '/api/escalation/records', { itemId: ids.day2, kind: 'accountability', content: 'y' })).statusCode).toBe(403);
    expect((await post('viewer', '/api/escalation/records', { itemId: ids.day2, kind: 'accountability', content: 'y' })).statusCode).toBe(403);
    expect((await post('supervisor', '/api/escalation/records', { itemId: ids.day2, kind: 'talk', content: 'no date' })).statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('when a committee sets its ladder, its suggestions follow it; a ladder out of order is refused', async () => {
    const steps = defaultLadder.map((s) => (s.step === 'remind' ? { ...s, daysOverdue: 5 } : s));
    expect((await t.as('supervisor')({ method: 'PUT', url: '/api/escalation/ladder', payload: { steps } })).statusCode).toBe(200);
    expect(await suggestion(ids.day2)).toMatchObject({ suggested: null });
    const bad = await t.as('supervisor')({ method: 'PUT', url: '/api/escalation/ladder', payload: { steps: [...steps].reverse() } });
    expect(bad.json().error.code).toBe('escalation.ladder_invalid');
  });
});
