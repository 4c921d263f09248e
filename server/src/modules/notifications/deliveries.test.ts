import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../lib/clock.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createItem, transition, uploadPdf } from '../items/items.test-helpers.js';
import { items } from '../items/items.table.js';
import { MAX_ATTEMPTS, retryDelayMs } from './deliveries.worker.js';
import { deliveries, deliveryAttempts, notificationChannels } from './notifications.table.js';
import { startHttpReceiver, startSmtpReceiver } from './receivers.test-helpers.js';

const clock = fixedClock('2026-06-15T02:00:00Z');

describe('outbound deliveries', () => {
  let t: TestApp;
  const closers: (() => Promise<void>)[] = [];
  const admin = () => t.as('admin');

  beforeAll(async () => {
    // The receivers run on this machine: the operator's allow list is what lets sends reach them.
    t = await createTestApp({ clock, config: { outboundAllow: ['127.0.0.1'] } });
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await t.db.delete(notificationChannels);
  });
  afterAll(() => t.close());

  async function addChannel(payload: Record<string, unknown>) {
    const res = await admin()({ method: 'POST', url: '/api/notification-channels', payload: { events: ['closure_requested'], ...payload } });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  /** A branch asks for closure: supervisors are told, and every subscribed channel gets a delivery. */
  async function requestClosure() {
    const item = await createItem(t);
    await uploadPdf(t, 'branch', item.id);
    await t.as('branch')({ method: 'POST', url: `/api/items/${item.id}/progress`, payload: { content: '已完成整改' } });
    const res = await transition(t, 'branch', item.id, { action: 'request_closure', comment: '整改完成，申请销号' });
    expect(res.statusCode).toBe(200);
    return item;
  }

  it('when a webhook fails first and then succeeds, the worker retries after the back-off and logs both attempts', async () => {
    const receiver = await startHttpReceiver([{ status: 500, body: { error: 'busy' } }, { status: 200, body: { ok: true } }]);
    closers.push(receiver.close);
    const channel = await addChannel({ type: 'webhook', name: '督办平台', url: `${receiver.url}/hook`, secret: 'hook-secret' });
    const item = await requestClosure();

    const first = await t.app.deliveryWorker.runOnce();
    expect(first).toEqual({ sent: 0, retry: 1, failed: 0 });
    const [pending] = await t.db.select().from(deliveries).where(eq(deliveries.channelId, channel.id));
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending.nextAttemptAt!.getTime()).toBe(clock.now().getTime() + retryDelayMs(1));

    // Nothing is due before the back-off has passed.
    expect(await t.app.deliveryWorker.runOnce()).toEqual({ sent: 0, retry: 0, failed: 0 });
    expect(receiver.requests).toHaveLength(1);

    clock.set(new Date(clock.now().getTime() + retryDelayMs(1)));
    expect(await t.app.deliveryWorker.runOnce()).toEqual({ sent: 1, retry: 0, failed: 0 });
    const [sent] = await t.db.select().from(deliveries).where(eq(deliveries.id, pending.id));
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null, nextAttemptAt: null });
    const log = await t.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, pending.id)).orderBy(deliveryAttempts.id);
    expect(log.map((a) => [a.ok, a.detail?.slice(0, 8)])).toEqual([
      [false, 'HTTP 500'],
      [true, 'HTTP 200'],
    ]);

    const delivered = receiver.requests[1];
    const body = JSON.parse(delivered.body);
    expect(body).toMatchObject({ event: 'closure_requested', deliveryId: pending.id });
    expect(body.lines.join('\n')).toContain(item.code);
    expect(delivered.headers['x-rectify-signature']).toBe(`sha256=${createHmac('sha256', 'hook-secret').update(delivered.body).digest('hex')}`);

    const listed = (await admin()({ method: 'GET', url: `/api/notification-channels/${channel.id}/deliveries` })).json();
    expect(listed.items[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(listed.items[0].log).toHaveLength(2);
  });

  it('when a DingTalk robot refuses with an errcode, it is a failure; the retry is signed and succeeds', async () => {
    const receiver = await startHttpReceiver([{ status: 200, body: { errcode: 310000, errmsg: 'sign not match' } }, { status: 200, body: { errcode: 0, errmsg: 'ok' } }]);
    closers.push(receiver.close);
    await addChannel({ type: 'dingtalk', name: '工委钉钉群', url: `${receiver.url}/robot/send?access_token=abcdef123456`, secret: 'SECdemo' });
    await requestClosure();
    expect(await t.app.deliveryWorker.runOnce()).toMatchObject({ retry: 1 });
    clock.set(new Date(clock.now().getTime() + retryDelayMs(1)));
    expect(await t.app.deliveryWorker.runOnce()).toMatchObject({ sent: 1 });
    const url = new URL(receiver.requests[1].url, receiver.url);
    const timestamp = url.searchParams.get('timestamp')!;
    expect(url.searchParams.get('sign')).toBe(createHmac('sha256', 'SECdemo').update(`${timestamp}\nSECdemo`).digest('base64'));
    expect(JSON.parse(receiver.requests[1].body)).toMatchObject({ msgtype: 'markdown', markdown: { title: expect.stringContaining('申请销号待审核') } });
  });

  it('when a WeCom robot accepts, the delivery is sent with a markdown body', async () => {
    const receiver = await startHttpReceiver([{ status: 200, body: { errcode: 0, errmsg: 'ok' } }]);
    closers.push(receiver.close);
    await addChannel({ type: 'wecom', name: '企业微信群', url: `${receiver.url}/cgi-bin/webhook/send?key=0123456789` });
    await requestClosure();
    expect(await t.app.deliveryWorker.runOnce()).toMatchObject({ sent: 1 });
    expect(JSON.parse(receiver.requests[0].body)).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining('申请销号待审核') } });
  });

  it('when the SMTP server refuses the first time, the e-mail goes out on the retry', async () => {
    const smtp = await startSmtpReceiver({ refuse: 1 });
    closers.push(smtp.close);
    await addChannel({ type: 'email', name: '督办邮箱', smtpHost: '127.0.0.1', smtpPort: smtp.port, mailFrom: 'rectify@example.org', mailTo: ['duban@example.org'] });
    const item = await requestClosure();
    expect(await t.app.deliveryWorker.runOnce()).toMatchObject({ retry: 1 });
    const [first] = await t.db.select().from(deliveryAttempts).orderBy(deliveryAttempts.id);
    expect(first.detail).toBe('SMTP 451');
    clock.set(new Date(clock.now().getTime() + retryDelayMs(1)));
    expect(await t.app.deliveryWorker.runOnce()).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].to).toEqual(['duban@example.org']);
    expect(smtp.messages[0].raw).toContain('Subject: =?UTF-8?');
    // The text part is base64 (UTF-8): decode it before reading.
    const [, encoded] = smtp.messages[0].raw.split(/\r?\n\r?\n/);
    expect(Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8')).toContain(item.code);
  });

  it('when a channel cannot be reached, the transition still succeeds and the delivery gives up after the last attempt', async () => {
    const receiver = await startHttpReceiver([{ status: 200, body: {} }]);
    const deadUrl = receiver.url;
    await receiver.close();
    await addChannel({ type: 'webhook', name: '失联渠道', url: `${deadUrl}/hook` });
    const item = await requestClosure();
    const [row] = await t.db.select().from(items).where(eq(items.id, item.id));
    expect(row.status).toBe('closure_requested');
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await t.app.deliveryWorker.runOnce();
      clock.set(new Date(clock.now().getTime() + retryDelayMs(attempt)));
    }
    const [given] = await t.db.select().from(deliveries);
    expect(given).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    expect(given.lastError).toBe('无法连接到接收方');
    expect(await t.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, given.id))).toHaveLength(MAX_ATTEMPTS);
  });
});
