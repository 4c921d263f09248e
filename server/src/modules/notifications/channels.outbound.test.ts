import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { deliveries, deliveryAttempts, notificationChannels } from './notifications.table.js';
import { startBannerServer, startHttpReceiver, startSmtpReceiver } from './receivers.test-helpers.js';

const events = ['overdue_alert'];
const SECRET_PAGE = 'internal-admin-console: db password hunter2';

/** Channels pointing into the network: refused when saved, refused again when sent, and what a test send shows. */
describe('notification channels and the internal network', () => {
  // The operator allows one loopback address (the receivers listen there); every other internal address stays closed.
  const ALLOWED = '127.0.0.2';
  let t: TestApp;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    t = await createTestApp({ config: { outboundAllow: [ALLOWED] } });
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await t.db.delete(notificationChannels);
  });
  afterAll(() => t.close());

  const create = (payload: Record<string, unknown>) => t.as('admin')({ method: 'POST', url: '/api/notification-channels', payload: { name: '渠道', events, ...payload } });
  const testSend = async (id: number) => {
    const res = await t.as('admin')({ method: 'POST', url: `/api/notification-channels/${id}/test` });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  /** A channel stored before addresses were checked on save: only the check on sending stands in its way. */
  const storedDirectly = async (type: string, config: Record<string, unknown>) => {
    const [row] = await t.db.insert(notificationChannels).values({ type, name: '旧渠道', enabled: true, orgId: null, events, config }).returning();
    return row.id;
  };

  it('when an administrator saves an internal address in any notation, it is refused with its own code', async () => {
    const urls = [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/hook',
      'http://localhost:8080/hook',
      'http://127.1/hook',
      'http://2130706433/hook',
      'http://0x7f.1/hook',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'https://192.168.1.10/robot/send?access_token=x',
    ];
    for (const url of urls) {
      const res = await create({ type: 'webhook', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error, url).toMatchObject({ code: 'channels.address_not_allowed', details: { fields: ['url'] } });
    }
    for (const smtpHost of ['127.1', '2130706433', 'localhost', '::1', '172.16.0.3']) {
      const res = await create({ type: 'email', smtpHost, mailFrom: 'a@example.org', mailTo: ['b@example.org'] });
      expect(res.json().error, smtpHost).toMatchObject({ code: 'channels.address_not_allowed', details: { fields: ['smtpHost'] } });
    }
    const saved = (await create({ type: 'webhook', url: 'https://hooks.example.org/hook' })).json();
    const moved = await t.as('admin')({ method: 'PATCH', url: `/api/notification-channels/${saved.id}`, payload: { url: 'http://127.0.0.1:6379/' } });
    expect(moved.json().error.code).toBe('channels.address_not_allowed');
    expect(await t.db.select().from(notificationChannels)).toHaveLength(1);
    // What the operator allowed may be saved.
    expect((await create({ type: 'webhook', url: `http://${ALLOWED}:9/hook` })).statusCode).toBe(201);
  });

  it('when a stored channel names a host resolving to this machine, sending refuses it and the receiver hears nothing', async () => {
    const receiver = await startHttpReceiver([{ status: 200, body: SECRET_PAGE }]);
    closers.push(receiver.close);
    const id = await storedDirectly('webhook', { url: `http://localhost:${receiver.port}/admin` });
    expect(await testSend(id)).toEqual({ ok: false, status: null, errcode: null, errmsg: null, failure: 'address_not_allowed', detail: '接收地址是内网或保留地址，未获准访问' });

    // The queue's worker applies the same check.
    const [delivery] = await t.db.insert(deliveries).values({ channelId: id, kind: 'overdue_alert', title: '逾期预警', payload: { title: '逾期预警', lines: [] }, nextAttemptAt: new Date(0), createdAt: new Date() }).returning();
    await t.app.deliveryWorker.runOnce();
    const [attempt] = await t.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, delivery.id));
    expect(attempt).toMatchObject({ ok: false, detail: '接收地址是内网或保留地址，未获准访问' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('when a test send gets an answer, it shows the status and the robot\'s errcode and errmsg, never the body', async () => {
    const host = ALLOWED;
    const robot = await startHttpReceiver([{ status: 200, body: { errcode: 310000, errmsg: 'sign not match', leaked: SECRET_PAGE } }], { host });
    const page = await startHttpReceiver([{ status: 200, body: SECRET_PAGE }], { host });
    const failing = await startHttpReceiver([{ status: 500, body: SECRET_PAGE }], { host });
    closers.push(robot.close, page.close, failing.close);

    const ding = (await create({ type: 'dingtalk', url: `${robot.url}/robot/send?access_token=abcdef123456` })).json();
    const dingResult = await testSend(ding.id);
    expect(dingResult).toEqual({ ok: false, status: 200, errcode: 310000, errmsg: 'sign not match', failure: null, detail: 'HTTP 200 errcode 310000 sign not match' });

    const wecom = (await create({ type: 'wecom', url: `${page.url}/cgi-bin/webhook/send?key=0123456789` })).json();
    expect(await testSend(wecom.id)).toEqual({ ok: false, status: 200, errcode: null, errmsg: null, failure: null, detail: 'HTTP 200 应答中没有 errcode' });

    const hook = (await create({ type: 'webhook', url: `${page.url}/hook` })).json();
    expect(await testSend(hook.id)).toEqual({ ok: true, status: 200, errcode: null, errmsg: null, failure: null, detail: 'HTTP 200' });
    const broken = (await create({ type: 'webhook', url: `${failing.url}/hook` })).json();
    expect(await testSend(broken.id)).toMatchObject({ ok: false, status: 500, detail: 'HTTP 500' });

    expect(robot.requests).toHaveLength(1);
    expect(page.requests).toHaveLength(2);
  });

  it('when an SMTP server cannot be had, a closed port, an open port speaking another protocol and an HTTP port look the same', async () => {
    const host = ALLOWED;
    const closedPort = await startBannerServer({ host });
    await closedPort.close();
    const banner = await startBannerServer({ host });
    const http = await startHttpReceiver([{ status: 200, body: SECRET_PAGE }], { host });
    closers.push(banner.close, http.close);
    const mail = { type: 'email', smtpHost: host, mailFrom: 'rectify@example.org', mailTo: ['duban@example.org'] };
    const results = [];
    for (const smtpPort of [closedPort.port, banner.port, http.port]) {
      const channel = (await create({ ...mail, smtpPort })).json();
      results.push(await testSend(channel.id));
    }
    const unreachable = { ok: false, status: null, errcode: null, errmsg: null, failure: 'unreachable', detail: '无法连接到接收方' };
    expect(results).toEqual([unreachable, unreachable, unreachable]);
  }, 30_000);

  it('when an SMTP server is reached through an allowed address, the mail goes out and its reply code is shown', async () => {
    const smtp = await startSmtpReceiver({ host: ALLOWED });
    closers.push(smtp.close);
    const channel = (await create({ type: 'email', smtpHost: ALLOWED, smtpPort: smtp.port, mailFrom: 'rectify@example.org', mailTo: ['duban@example.org'] })).json();
    expect(await testSend(channel.id)).toEqual({ ok: true, status: 250, errcode: null, errmsg: null, failure: null, detail: 'SMTP 250' });
    expect(smtp.messages).toHaveLength(1);

    // A host name resolving to an address the allow list does not name is refused before any connection.
    const local = await startSmtpReceiver();
    closers.push(local.close);
    const id = await storedDirectly('email', { smtpHost: 'localhost', smtpPort: local.port, smtpSecure: false, mailFrom: 'rectify@example.org', mailTo: ['duban@example.org'] });
    expect(await testSend(id)).toMatchObject({ ok: false, failure: 'address_not_allowed' });
    expect(local.messages).toHaveLength(0);
  });
});
