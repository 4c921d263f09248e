import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition } from '../items/items.test-helpers.js';
import { itemHistory } from '../items/items.table.js';
import { convertToPdf, skipOffice } from '../reports/office.test-helpers.js';
import { noticeItems } from './notices.table.js';

const clock = fixedClock('2026-06-15T02:00:00Z');

describe('supervision notices (督办单)', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  const post = (as: string, url: string, payload: Record<string, unknown>) => t.as(as)({ method: 'POST', url, payload });
  const base = { level: 'red', requirements: '一、立即整改。\n二、按时回复。', replyDeadline: '2026-06-25' };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ids.policeLate = (await createItem(t, { deadline: '2026-06-01', description: '公安逾期一。' })).id;
    ids.trafficLate = (await createItem(t, { orgId: t.orgs.traffic, deadline: '2026-05-20', description: '交警逾期。' })).id;
    ids.policeOk = (await createItem(t, { deadline: '2026-12-31', description: '公安未到期。' })).id;
    ids.financeLate = (await createItem(t, { orgId: t.orgs.finance, deadline: '2026-06-10', description: '财政逾期。' })).id;
  });
  afterAll(() => t.close());

  it('when a supervisor issues a notice for items, it gets the next number, freezes the items and joins their history', async () => {
    const res = await post('supervisor', '/api/notices', { ...base, itemIds: [ids.policeLate, ids.policeOk], level: 'yellow' });
    expect(res.statusCode).toBe(201);
    const notice = res.json();
    expect(notice).toMatchObject({ number: '督办〔2026〕1号', orgId: t.orgs.police, level: 'yellow', status: 'issued', itemCount: 2, issuedOn: '2026-06-15', replyOverdue: false });
    expect(notice.items.find((i: { itemId: number }) => i.itemId === ids.policeLate)).toMatchObject({ light: 'red', daysOverdue: 14 });
    const history = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, ids.policeLate));
    expect(history.at(-1)).toMatchObject({ action: 'notice_issued', comment: base.requirements, data: { noticeId: notice.id, number: '督办〔2026〕1号', level: 'yellow', replyDeadline: '2026-06-25' } });
    const detail = (await t.as('supervisor')({ method: 'GET', url: `/api/items/${ids.policeLate}` })).json();
    expect(detail.history.map((h: { action: string }) => h.action)).toContain('notice_issued');
    const inbox = (await t.as('branch')({ method: 'GET', url: '/api/notifications' })).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'notice_issued', noticeId: notice.id });
  });

  it('when all overdue items of an organization are chosen, the notice lists its subtree’s red items only', async () => {
    const res = await post('supervisor', '/api/notices', { ...base, orgId: t.orgs.police, allOverdue: true });
    expect(res.statusCode).toBe(201);
    expect(res.json().items.map((i: { itemId: number }) => i.itemId).sort()).toEqual([ids.policeLate, ids.trafficLate].sort());
    expect(res.json().number).toBe('督办〔2026〕2号');
    const none = await post('supervisor', '/api/notices', { ...base, orgId: t.orgs.archives, allOverdue: true });
    expect(none.json().error.code).toBe('notices.no_items');
  });

  it('when red notices are generated in one action, each organization with overdue items gets one, skipping items already on an open notice', async () => {
    const res = await post('supervisor', '/api/notices/generate-red', { requirements: '限期整改。', replyDeadline: '2026-06-30' });
    expect(res.statusCode).toBe(201);
    const { notices, itemCount } = res.json();
    expect(itemCount).toBe(1);
    expect(notices.map((n: { orgId: number; level: string }) => [n.orgId, n.level])).toEqual([[t.orgs.finance, 'red']]);
    const rows = await t.db.select().from(noticeItems).where(eq(noticeItems.noticeId, notices[0].id));
    expect(rows.map((r) => r.itemId)).toEqual([ids.financeLate]);
    const all = await post('supervisor', '/api/notices/generate-red', { requirements: '限期整改。', replyDeadline: '2026-06-30', skipNoticed: false });
    expect(all.json().notices.map((n: { orgId: number }) => n.orgId).sort()).toEqual([t.orgs.police, t.orgs.traffic, t.orgs.finance].sort());
  });

  it('when the organization replies, the reply joins each item’s history, the supervisor is told, and a second reply is refused', async () => {
    const [notice] = (await t.as('branch')({ method: 'GET', url: `/api/notices?itemId=${ids.trafficLate}&status=issued` })).json().items;
    const res = await post('branch', `/api/notices/${notice.id}/reply`, { content: '已召开专题会议，月底前完成整改。' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'replied', reply: '已召开专题会议，月底前完成整改。', repliedByName: '王经办（公安局党委）' });
    const history = await t.db.select().from(itemHistory).where(eq(itemHistory.itemId, ids.trafficLate));
    expect(history.at(-1)).toMatchObject({ action: 'notice_replied', data: { noticeId: notice.id } });
    expect((await t.as('supervisor')({ method: 'GET', url: '/api/notifications' })).json().items[0]).toMatchObject({ kind: 'notice_replied', noticeId: notice.id });
    expect((await post('branch', `/api/notices/${notice.id}/reply`, { content: '再次回复' })).json().error.code).toBe('notices.already_replied');
  });

  it('when callers are out of scope or lack the role, notices are invisible or refused', async () => {
    const [policeNotice] = (await t.as('supervisor')({ method: 'GET', url: `/api/notices?orgId=${t.orgs.police}` })).json().items;
    expect((await t.as('branch2')({ method: 'GET', url: `/api/notices/${policeNotice.id}` })).statusCode).toBe(404);
    expect((await t.as('branch2')({ method: 'GET', url: `/api/notices/${policeNotice.id}/document` })).statusCode).toBe(404);
    expect((await post('branch2', `/api/notices/${policeNotice.id}/reply`, { content: 'x' })).statusCode).toBe(404);
    const siblings = (await t.as('branch2')({ method: 'GET', url: '/api/notices' })).json();
    expect(siblings.items.every((n: { orgId: number }) => n.orgId === t.orgs.finance)).toBe(true);
    expect(siblings.total).toBe(siblings.items.length);
    expect((await t.as('viewer')({ method: 'GET', url: '/api/notices' })).statusCode).toBe(200);
    expect((await post('viewer', '/api/notices', { ...base, itemIds: [ids.policeLate] })).statusCode).toBe(403);
    expect((await post('branch', '/api/notices', { ...base, itemIds: [ids.policeLate] })).statusCode).toBe(403);
    expect((await post('supervisor', `/api/notices/${policeNotice.id}/reply`, { content: 'x' })).statusCode).toBe(403);
    // Items of two organizations need a recipient that holds both; a closed item cannot be chased.
    const mixed = await post('supervisor', '/api/notices', { ...base, itemIds: [ids.policeLate, ids.financeLate] });
    expect(mixed.json().error.code).toBe('notices.items_invalid');
    expect((await post('supervisor', '/api/notices', { ...base, itemIds: [ids.policeLate], replyDeadline: '2026-06-01' })).json().error.code).toBe('notices.reply_deadline_invalid');
    const closed = await createItem(t, { description: '将被撤销。' });
    await transition(t, 'supervisor', closed.id, { action: 'cancel', comment: '重复' });
    expect((await post('supervisor', '/api/notices', { ...base, itemIds: [closed.id] })).json().error.code).toBe('notices.items_invalid');
  });

  it('when the reply deadline passes without a reply, the notice says so', async () => {
    clock.set('2026-07-05T02:00:00Z');
    const open = (await t.as('supervisor')({ method: 'GET', url: '/api/notices?status=issued' })).json().items;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((n: { replyOverdue: boolean }) => n.replyOverdue)).toBe(true);
    clock.set('2026-06-15T02:00:00Z');
  });

  it.skipIf(skipOffice)('when a notice is downloaded, it is a .docx in the official layout that LibreOffice opens', async () => {
    const [notice] = (await t.as('supervisor')({ method: 'GET', url: `/api/notices?orgId=${t.orgs.police}` })).json().items;
    const res = await t.as('branch')({ method: 'GET', url: `/api/notices/${notice.id}/document` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    const { text } = await convertToPdf(res.rawPayload, 'docx');
    const flat = text.replace(/\s+/g, '');
    for (const part of ['江川市直属机关工作委员会', '督办单', notice.number.replace(/\s+/g, ''), `${notice.orgName}：`, '督办要求', '2026年6月15日']) expect(flat).toContain(part);
  }, 180_000);
});
