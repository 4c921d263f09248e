import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { INBOX_POLL_MS } from '../src/stores/inbox-poll';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { makePdf } from './support/files';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A clerk with the app open hears of a 退回 without reloading: the bell's count rises at the next poll (the page's
 * clock is moved on by one interval instead of waiting for it), the drop-down names it, and a click opens the item.
 */
describeE2E('the inbox in the header and the 消息中心, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let itemId = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const supervisor = await server.tokenOf('supervisor');
    const branch = await server.tokenOf('branch');
    const { items: orgs } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token: supervisor });
    const police = orgs.find((o) => o.name === '江川市公安局党委')!.id;
    const item = await server.api<{ id: number }>('/api/items', {
      method: 'POST',
      token: supervisor,
      body: { orgId: police, source: 'review', title: '支部组织生活不规范', description: '个别支部三会一课记录不全，组织生活流于形式。', deadline: addDays(server.today(), 30), type: 'deadline' },
    });
    itemId = item.id;
    await server.uploadEvidence(branch, itemId, { name: '会议记录.pdf', content: await makePdf(browser, { title: '会议记录', lines: ['支部委员会会议'] }), type: 'application/pdf' });
    await server.api(`/api/items/${itemId}/progress`, { method: 'POST', token: branch, body: { content: '已召开支部委员会研究整改' } });
    const { version } = await server.api<{ version: number }>(`/api/items/${itemId}`, { token: branch });
    await server.api(`/api/items/${itemId}/transitions`, { method: 'POST', token: branch, body: { action: 'request_closure', comment: '已整改到位', version } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('when the supervisor sends a closure back, the open page shows it in the bell within one poll, and a click opens the item', async () => {
    const { page, context, errors } = await openPage(browser);
    await page.clock.install();
    await signIn(page, server.url, 'branch');
    await page.waitForURL(`${server.url}/`);
    const badge = page.getByTestId('inbox-unread').locator('sup');
    await expect.poll(() => badge.innerText()).toBe('1');

    const supervisor = await server.tokenOf('supervisor');
    const { version } = await server.api<{ version: number }>(`/api/items/${itemId}`, { token: supervisor });
    await server.api(`/api/items/${itemId}/transitions`, { method: 'POST', token: supervisor, body: { action: 'reject_closure', comment: '缺少整改前后对比材料', version } });
    await page.clock.fastForward(INBOX_POLL_MS + 1_000);
    await expect.poll(() => badge.innerText()).toBe('2');

    await page.getByTestId('inbox-bell').click();
    const latest = page.getByTestId('inbox-latest');
    await latest.waitFor();
    const entry = latest.locator('button', { hasText: '销号申请被退回' }).first();
    expect(await entry.innerText()).toContain('销号申请被退回');
    await shoot(page, 'inbox-bell-desktop', { fullPage: false });
    await entry.click();
    await page.waitForURL(`${server.url}/items/${itemId}`);
    await expect.poll(() => badge.innerText()).toBe('1');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('when the clerk opens the 消息中心, it filters by kind and state, survives a reload, and marks all read', async () => {
    const { page, context, errors } = await openPage(browser);
    await signIn(page, server.url, 'branch');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/inbox?kind=closure_returned`);
    const list = page.getByTestId('inbox-list');
    await expect.poll(() => list.locator('.inbox__row').count()).toBe(1);
    expect(await list.innerText()).toContain('缺少整改前后对比材料');
    await page.reload();
    await expect.poll(() => list.locator('.inbox__row').count()).toBe(1);
    await page.goto(`${server.url}/inbox`);
    await expect.poll(() => list.locator('.inbox__row').count()).toBe(2);
    await shoot(page, 'inbox-desktop');
    await page.setViewportSize(viewports.phone);
    await shoot(page, 'inbox-phone');
    await page.setViewportSize(viewports.desktop);
    await page.getByTestId('inbox-state').locator('.el-radio-button', { hasText: '未读' }).click();
    await page.waitForURL(/state=unread/);
    await page.getByTestId('inbox-mark-all').click();
    await expect.poll(() => list.locator('.inbox__row').count()).toBe(0);
    expect(await list.innerText()).toContain('没有符合条件的通知');
    await expect.poll(() => page.getByTestId('inbox-unread').locator('sup').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
