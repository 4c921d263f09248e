import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const SECRET = 'e2e-signing-key-7f3a';
const CHANNEL = '工委督办接收端';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: { event: string; title: string; lines: string[] };
}

/** A webhook receiver on a free local port, as a partner system would run one: it keeps what it gets and says 200. */
async function startReceiver() {
  const received: Received[] = [];
  const server: Server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) as Received['body'] });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/rectify`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * The administrator's pages: a webhook channel made in the browser that really reaches a receiver (a test message
 * and a queued notice), and the organization tree rearranged by dragging.
 */
describeE2E('notification channels and the organization tree', () => {
  let server: TestServer;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: { page: Page; context: BrowserContext; errors: string[] };
  let adminToken = '';

  type Org = { id: number; name: string; parentId: number | null };
  const orgs = async () => (await server.api<{ items: Org[] }>('/api/orgs', { token: adminToken })).items;
  const orgNamed = async (name: string) => (await orgs()).find((o) => o.name === name)!;
  const treeNode = (page: Page, name: string) => page.getByTestId('org-tree').locator('.el-tree-node__content', { hasText: name }).first();

  beforeAll(async () => {
    // The scheduler drains the delivery queue every 15 seconds, as in production; the receiver listens on 127.0.0.1,
    // which outbound requests reach only because the operator's allow list (OUTBOUND_ALLOW) names it.
    [server, browser, receiver] = await Promise.all([startServer({ scheduler: true, outboundAllow: ['127.0.0.1'] }), launchBrowser(), startReceiver()]);
    adminToken = await server.tokenOf('admin');
    admin = await openPage(browser);
    await signIn(admin.page, server.url, 'admin');
    await admin.page.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.close();
  });

  describe('in order', () => {
    it('the administrator creates a webhook channel; its secret is never shown back', async () => {
      const { page } = admin;
      await page.goto(`${server.url}/system/channels`);
      await expect.poll(() => page.getByTestId('channels-table').innerText()).toContain('还没有通知渠道');
      await page.getByTestId('channel-add').click();
      const dialog = page.getByTestId('channel-dialog');
      await dialog.waitFor();
      await dialog.locator('.el-radio-button', { hasText: '通用 JSON Webhook' }).click();
      // Saving an empty form names what is missing.
      await page.getByTestId('channel-save').click();
      await expect.poll(() => dialog.innerText()).toContain('必填');
      await page.getByTestId('channel-name').fill(CHANNEL);
      await page.getByTestId('channel-url').fill(receiver.url);
      await page.getByTestId('channel-secret').fill(SECRET);
      await page.getByTestId('channel-events').getByText('新交办事项').click();
      await page.getByTestId('channel-save').click();
      await dialog.waitFor({ state: 'hidden' });

      const table = page.getByTestId('channels-table');
      await expect.poll(() => table.innerText()).toContain(CHANNEL);
      const text = await table.innerText();
      expect(text).toContain(receiver.url);
      expect(text).toContain('已设置密钥');
      expect(text).toContain('新交办事项');
      expect(await page.content()).not.toContain(SECRET);
      const [stored] = (await server.api<{ items: { name: string; events: string[] }[] }>('/api/notification-channels', { token: adminToken })).items;
      expect(stored).toMatchObject({ name: CHANNEL });
      expect(stored!.events).toContain('item_issued');
    });

    it('发送测试 reaches the receiver, signed, and the page shows that it succeeded', async () => {
      const { page } = admin;
      await page.getByTestId('channel-test').first().click();
      await expect.poll(() => page.getByTestId('channel-test-result').first().innerText()).toContain('测试成功');
      expect(await page.getByTestId('channel-test-result').first().innerText()).toContain('HTTP 200');
      expect(receiver.received).toHaveLength(1);
      const [message] = receiver.received;
      expect(message!.path).toBe('/hooks/rectify');
      expect(message!.body.event).toBe('test');
      expect(message!.body.title).toBe('【测试】问题整改台账通知渠道');
      expect(message!.headers['x-rectify-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(message!.raw).digest('hex')}`);
    });

    it('a new item is queued for the channel, sent by the worker, and listed in its deliveries', async () => {
      const { page } = admin;
      const supervisor = await server.tokenOf('supervisor');
      const police = await orgNamed('江川市公安局党委');
      const item = await server.api<{ code: string }>('/api/items', {
        method: 'POST',
        token: supervisor,
        body: { orgId: police.id, source: 'review', title: '理论学习不够系统深入', description: '理论学习不够系统深入，学用结合不紧密。', deadline: addDays(server.today(), 30), type: 'deadline' },
      });
      await page.getByTestId('channel-deliveries').first().click();
      const drawer = page.getByTestId('channel-deliveries-drawer');
      await drawer.waitFor();
      await expect
        .poll(
          async () => {
            await drawer.getByRole('button', { name: '刷新' }).click();
            return drawer.getByTestId('channel-deliveries').innerText();
          },
          { timeout: 45_000, interval: 2_000 },
        )
        .toContain('已发送');
      const row = await drawer.getByTestId('channel-deliveries').innerText();
      expect(row).toContain('新交办事项');
      expect(row).toContain(`新交办事项：${item.code}`);
      const issued = receiver.received.find((r) => r.body.event === 'item_issued');
      expect(issued?.body.title).toContain('新交办事项');
      // Each attempt with the receiver's answer.
      await drawer.locator('.el-table__expand-icon').first().click();
      await expect.poll(() => drawer.getByTestId('channel-deliveries').innerText()).toContain('HTTP 200');
      await shoot(page, 'channel-deliveries-desktop', { fullPage: false });
      await drawer.locator('.el-drawer__close-btn').click();
      await drawer.waitFor({ state: 'hidden' });
    });

    it('an organization dragged onto another moves under it after confirmation, and 撤销 moves it back', async () => {
      const { page } = admin;
      const committee = await orgNamed('江川市直属机关工作委员会');
      const finance = await orgNamed('江川市财政局机关党委');
      const stats = await orgNamed('江川市统计局党支部');
      expect(stats.parentId).toBe(committee.id);
      await page.goto(`${server.url}/system/orgs`);
      await treeNode(page, '江川市统计局党支部').waitFor();

      await treeNode(page, '江川市统计局党支部').dragTo(treeNode(page, '江川市财政局机关党委'));
      const box = page.locator('.el-message-box');
      await expect.poll(() => box.innerText()).toContain('将“江川市统计局党支部”及其下级组织移到“江川市财政局机关党委”之下吗');
      await box.getByRole('button', { name: '移动' }).click();
      await expect.poll(() => page.getByTestId('org-moved').innerText()).toContain('已将“江川市统计局党支部”移到“江川市财政局机关党委”之下');
      expect((await orgNamed('江川市统计局党支部')).parentId).toBe(finance.id);
      // The tree shows it under its new parent.
      const financeNode = page.getByTestId('org-tree').locator('.el-tree-node', { has: page.locator('> .el-tree-node__content', { hasText: '江川市财政局机关党委' }) });
      await expect.poll(() => financeNode.locator('> .el-tree-node__children').innerText()).toContain('江川市统计局党支部');

      await page.getByTestId('org-move-undo').click();
      await expect.poll(async () => (await orgNamed('江川市统计局党支部')).parentId).toBe(committee.id);
      await page.getByTestId('org-moved').waitFor({ state: 'hidden' });
    });

    it('a move the server refuses shows its message and leaves the tree as it was', async () => {
      const { page } = admin;
      const finance = await orgNamed('江川市财政局机关党委');
      const committee = await orgNamed('江川市直属机关工作委员会');
      // A branch of the same name already under the finance committee: the server refuses a second one there.
      await server.api('/api/orgs', { method: 'POST', token: adminToken, body: { parentId: finance.id, name: '江川市档案馆党支部', kind: 'branch' } });
      await page.reload();
      await treeNode(page, '江川市档案馆党支部').waitFor();
      // The new one is listed first, under the finance committee (open); the one to move sits at the top level.
      const archives = (await orgs()).find((o) => o.name === '江川市档案馆党支部' && o.parentId === committee.id)!;

      const topLevel = page.getByTestId('org-tree').locator('.el-tree-node__content', { hasText: '江川市档案馆党支部' }).last();
      await topLevel.dragTo(treeNode(page, '江川市财政局机关党委'));
      await page.locator('.el-message-box').getByRole('button', { name: '移动' }).click();
      await expect.poll(() => page.locator('.el-message--error').innerText()).toContain('同一上级组织下已有同名组织');
      expect((await orgs()).find((o) => o.id === archives.id)!.parentId).toBe(committee.id);
      await expect.poll(() => page.getByTestId('org-moved').count()).toBe(0);
      expect(admin.errors).toEqual([]);
    });
  });

  let robot: Promise<unknown> | undefined;
  for (const [device, viewport] of Object.entries(viewports)) {
    it(`at ${device} size, the channels page`, async () => {
      // A DingTalk robot too, whose access token the page shows masked.
      robot ??= server.api('/api/notification-channels', {
        method: 'POST',
        token: adminToken,
        body: { type: 'dingtalk', name: '工委整改工作钉钉群', url: 'https://oapi.dingtalk.com/robot/send?access_token=3f9c2d7e1b8a4c6d', secret: 'SEC0123456789', events: ['overdue_alert', 'deadline_reminder', 'notice_issued', 'closure_requested'] },
      });
      await robot;
      const { page, context, errors } = await openPage(browser, { viewport });
      await signIn(page, server.url, 'admin');
      await page.waitForURL(`${server.url}/`);
      await page.goto(`${server.url}/system/channels`);
      const list = page.getByTestId(device === 'phone' ? 'channels-cards' : 'channels-table');
      await expect.poll(() => list.innerText()).toContain('工委整改工作钉钉群');
      const text = await list.innerText();
      expect(text).toContain('access_token=****4c6d');
      expect(text).not.toContain('3f9c2d7e1b8a4c6d');
      await shoot(page, `channels-${device}`);
      // The form of a DingTalk robot being edited: its address is masked and its secret only said to be set.
      await list.getByRole('button', { name: '编辑' }).last().click();
      const dialog = page.getByTestId('channel-dialog');
      await dialog.waitFor();
      expect(await page.getByTestId('channel-url').inputValue()).toBe('');
      expect(await page.getByTestId('channel-secret').getAttribute('placeholder')).toBe('已设置，留空则不修改');
      expect(await dialog.innerText()).toContain('access_token=****4c6d');
      await shoot(page, `channel-form-${device}`, { fullPage: false });
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
