import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';
import { importXlsx, xlsx } from '../ledger-io/ledger-io.test-helpers.js';
import { deliveries, notificationChannels, notifications } from './notifications.table.js';

describe('in-app notifications and channels', () => {
  let t: TestApp;
  const inbox = async (as: string, query = '') => (await t.as(as)({ method: 'GET', url: `/api/notifications${query}` })).json();
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('when items move, the people concerned are told and nobody else', async () => {
    const item = await createItem(t, { orgId: t.orgs.traffic });
    // A new item issued by the committee: the clerks over the organization (branch sits at 公安, above 交警支队).
    expect((await inbox('branch')).items[0]).toMatchObject({ kind: 'item_issued', itemId: item.id });
    await uploadPdf(t, 'branch', item.id);
    await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/progress`, payload: { content: '推进' } });
    await transition(t, 'branch', item.id, { action: 'request_closure', comment: '完成' });
    expect((await inbox('supervisor')).items[0]).toMatchObject({ kind: 'closure_requested', itemId: item.id, readAt: null });
    await transition(t, 'supervisor', item.id, { action: 'reject_closure', comment: '材料不全' });
    const returned = (await inbox('branch')).items[0];
    expect(returned).toMatchObject({ kind: 'closure_returned', itemId: item.id });
    expect(returned.body).toContain('材料不全');
    await transition(t, 'branch', item.id, { action: 'request_extension', comment: '需要时间', newDeadline: '2027-03-31' });
    expect((await inbox('supervisor')).items[0].kind).toBe('extension_requested');
    await transition(t, 'supervisor', item.id, { action: 'reject_extension', comment: '不予延期' });
    expect((await inbox('branch')).items[0].kind).toBe('extension_rejected');

    // Outside the item's scope: a sibling clerk, the viewer and the admin hear nothing; the actor is never told of their own step.
    for (const who of ['branch2', 'viewer', 'admin']) expect((await inbox(who)).total).toBe(0);
    expect((await inbox('branch')).items.map((n: { kind: string }) => n.kind)).not.toContain('closure_requested');
  });

  it('when an import creates many items, each organization hears once, and each channel gets one delivery per organization', async () => {
    const hook = (await t.as('admin')({ method: 'POST', url: '/api/notification-channels', payload: { type: 'webhook', name: '导入通知', url: 'https://hooks.example.org/hook', events: ['item_issued'] } })).json();
    const before = { branch: (await inbox('branch')).total, branch2: (await inbox('branch2')).total };
    const header = ['所属单位', '问题来源', '问题描述', '整改时限'];
    const rows = [...Array.from({ length: 7 }, (_, i) => ['江川市公安局党委', '上级点评', `公安局问题第${i + 1}条`, '2026-12-31']), ['财政', '上级点评', '财政局问题一条', '2026-12-31']];
    const res = await importXlsx(t, 'supervisor', await xlsx({ 台账: [header, ...rows] }));
    expect(res.json(), res.body).toMatchObject({ created: 8 });

    const police = (await inbox('branch')).items.filter((n: { kind: string; title: string }) => n.kind === 'item_issued');
    expect((await inbox('branch')).total).toBe(before.branch + 1);
    expect(police[0]).toMatchObject({ title: '新交办事项：7 项', itemId: null });
    expect(police[0].body.split('\n')).toHaveLength(7); // five named, "…等 7 项", and who issued them
    expect(police[0].body).toContain('…等 7 项');
    const finance = (await inbox('branch2')).items[0];
    expect((await inbox('branch2')).total).toBe(before.branch2 + 1);
    expect(finance).toMatchObject({ kind: 'item_issued', title: expect.stringMatching(/^新交办事项：\d{4}-/) });
    expect(finance.itemId).toEqual(expect.any(Number));
    const queued = await t.db.select({ title: deliveries.title }).from(deliveries).where(eq(deliveries.channelId, hook.id));
    expect(queued.map((d) => d.title).sort()).toEqual([finance.title, '新交办事项：7 项'].sort());
    await t.as('admin')({ method: 'DELETE', url: `/api/notification-channels/${hook.id}` });
  });

  it('when a user reads their inbox, unread counts and marks are theirs alone', async () => {
    const before = (await t.as('branch')({ method: 'GET', url: '/api/notifications/unread-count' })).json().unread;
    expect(before).toBeGreaterThan(1);
    const [first] = (await inbox('branch', '?unread=true')).items;
    const read = await t.as('branch')({ method: 'POST', url: `/api/notifications/${first.id}/read` });
    expect(read.json().readAt).not.toBeNull();
    expect((await t.as('branch')({ method: 'GET', url: '/api/notifications/unread-count' })).json().unread).toBe(before - 1);
    // Someone else's notification does not exist for them.
    const [theirs] = (await inbox('supervisor')).items;
    expect((await t.as('branch')({ method: 'POST', url: `/api/notifications/${theirs.id}/read` })).statusCode).toBe(404);
    const [row] = await t.db.select().from(notifications).where(eq(notifications.id, theirs.id));
    expect(row.readAt).toBeNull();
    const issuedUnread = (await inbox('branch', '?unread=true')).items.filter((n: { kind: string }) => n.kind === 'item_issued').length;
    expect((await t.as('branch')({ method: 'POST', url: '/api/notifications/read-all?kind=item_issued' })).json().updated).toBe(issuedUnread);
    expect((await t.as('branch')({ method: 'POST', url: '/api/notifications/read-all' })).json().updated).toBe(before - 1 - issuedUnread);
    expect((await inbox('branch')).unread).toBe(0);
    expect((await inbox('supervisor')).unread).toBeGreaterThan(0);
  });

  it('when an administrator manages channels, secrets stay write-only and configurations are checked', async () => {
    const admin = t.as('admin');
    const created = await admin({
      method: 'POST',
      url: '/api/notification-channels',
      payload: { type: 'dingtalk', name: '工委钉钉群', url: 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef', secret: 'SECabc', events: ['overdue_alert'], orgId: t.orgs.police },
    });
    expect(created.statusCode).toBe(201);
    const channel = created.json();
    expect(channel).toMatchObject({ secretSet: true, url: 'https://oapi.dingtalk.com/robot/send?access_token=****cdef', orgId: t.orgs.police });
    expect(JSON.stringify(channel)).not.toContain('SECabc');
    expect(JSON.stringify((await admin({ method: 'GET', url: '/api/notification-channels' })).json())).not.toContain('0123456789abcdef');

    const cleared = await admin({ method: 'PATCH', url: `/api/notification-channels/${channel.id}`, payload: { secret: null, enabled: false } });
    expect(cleared.json()).toMatchObject({ secretSet: false, enabled: false, url: channel.url });
    const [stored] = await t.db.select().from(notificationChannels).where(eq(notificationChannels.id, channel.id));
    expect(stored.config).toMatchObject({ url: 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef', secret: null });

    const bad = await admin({ method: 'POST', url: '/api/notification-channels', payload: { type: 'email', name: '邮件', events: ['overdue_alert'], smtpHost: 'mail.example.org' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'channels.config_invalid', details: { fields: ['mailFrom', 'mailTo'] } });
    const badUrl = await admin({ method: 'POST', url: '/api/notification-channels', payload: { type: 'webhook', name: 'x', events: ['overdue_alert'], url: 'file:///etc/passwd' } });
    expect(badUrl.json().error.code).toBe('channels.config_invalid');
    const extra = await admin({ method: 'POST', url: '/api/notification-channels', payload: { type: 'webhook', name: 'x', events: ['overdue_alert'], url: 'https://x.example', token: 1 } });
    expect(extra.statusCode).toBe(400);

    for (const who of ['supervisor', 'branch', 'viewer']) {
      expect((await t.as(who)({ method: 'GET', url: '/api/notification-channels' })).statusCode).toBe(403);
      expect((await t.as(who)({ method: 'POST', url: '/api/notification-channels', payload: { type: 'webhook', name: 'x', events: ['overdue_alert'], url: 'https://x.example' } })).statusCode).toBe(403);
    }
    expect((await admin({ method: 'DELETE', url: `/api/notification-channels/${channel.id}` })).statusCode).toBe(200);
    expect((await admin({ method: 'GET', url: `/api/notification-channels/${channel.id}` })).statusCode).toBe(404);
  });

  it('when a channel is bound to an organization, it hears only about items under it, and a disabled one nothing', async () => {
    const admin = t.as('admin');
    const mk = async (name: string, extra: Record<string, unknown>) =>
      (await admin({ method: 'POST', url: '/api/notification-channels', payload: { type: 'webhook', name, url: 'https://hooks.example.org/hook', events: ['item_issued'], ...extra } })).json().id;
    const police = await mk('公安', { orgId: t.orgs.police });
    const finance = await mk('财政', { orgId: t.orgs.finance });
    const all = await mk('全部', {});
    const off = await mk('停用', { enabled: false });
    await createItem(t, { orgId: t.orgs.traffic });
    const queued = await t.db.select({ channelId: deliveries.channelId }).from(deliveries).where(eq(deliveries.kind, 'item_issued'));
    const ids = queued.map((q) => q.channelId);
    expect(ids).toContain(police);
    expect(ids).toContain(all);
    expect(ids).not.toContain(finance);
    expect(ids).not.toContain(off);
  });
});
