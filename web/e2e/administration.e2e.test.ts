import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { INBOX_POLL_MS } from '../src/stores/inbox-poll';
import { describeE2E, launchBrowser, openPage, signIn } from './support/browser';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const ORG = '江川市审计局机关党委';

/**
 * A committee administers itself: the administrator adds an organization and a clerk in it, the clerk signs in and
 * must first replace the temporary password, hears of a new item in the bell, and the administrator finds all of
 * it in 操作日志 and 登录日志.
 */
describeE2E('a committee runs it on its own, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  let temporaryPassword = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ({ page: admin } = await openPage(browser));
    await signIn(admin, server.url, 'admin');
    await admin.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the administrator adds an organization under the committee', async () => {
    await admin.goto(`${server.url}/system/orgs`);
    const tree = admin.locator('.el-tree');
    await tree.getByText('江川市直属机关工作委员会', { exact: true }).click();
    await admin.getByTestId('org-add').click();
    await admin.getByTestId('org-name').fill(ORG);
    await admin.getByTestId('org-short-name').fill('审计局');
    await admin.getByTestId('org-dialog').locator('.el-radio-button', { hasText: /^\s*党委\s*$/ }).click();
    await admin.getByTestId('org-save').click();
    await expect.poll(() => tree.innerText()).toContain(ORG);
  });

  it('the administrator adds a clerk in it and reads the temporary password once', async () => {
    await admin.goto(`${server.url}/system/users`);
    await admin.getByTestId('user-create').click();
    const dialog = admin.getByTestId('user-form-dialog');
    await dialog.locator('input[name="username"]').fill('audit.clerk');
    await dialog.locator('input[name="displayName"]').fill('吴经办');
    await dialog.getByTestId('user-role').click();
    await admin.locator('.el-select-dropdown__item:visible', { hasText: '党组织经办人' }).click();
    await dialog.getByTestId('user-org').click();
    await admin.locator('.el-tree-node__content:visible', { hasText: ORG }).first().click();
    await dialog.getByTestId('user-form-submit').click();
    const shown = admin.getByTestId('temporary-password');
    await shown.waitFor();
    temporaryPassword = (await shown.innerText()).trim();
    expect(temporaryPassword).toMatch(/^[A-Za-z\d]{12}$/);
    await admin.getByRole('button', { name: '我已记下，关闭' }).click();
  });

  it('the clerk must change the temporary password first, then hears of a new item in the bell without reloading', async () => {
    const { page: clerk, context, errors } = await openPage(browser);
    await clerk.clock.install();
    await signIn(clerk, server.url, 'audit.clerk', temporaryPassword);
    await clerk.waitForURL(/\/password-change/);
    await clerk.locator('input[name="old-password"]').fill(temporaryPassword);
    await clerk.locator('input[name="new-password"]').fill('Audit-Office-2026');
    await clerk.locator('input[name="confirm-password"]').fill('Audit-Office-2026');
    await clerk.getByRole('button', { name: '设置新密码并进入系统' }).click();
    await clerk.waitForURL(`${server.url}/`);
    const badge = clerk.getByTestId('inbox-unread').locator('sup');
    expect(await badge.isHidden()).toBe(true);

    const supervisor = await server.tokenOf('supervisor');
    const { items: orgs } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token: supervisor });
    const orgId = orgs.find((o) => o.name === ORG)!.id;
    const item = await server.api<{ code: string }>('/api/items', {
      method: 'POST',
      token: supervisor,
      body: { orgId, source: 'review', title: '审计整改台账不完整', description: '审计整改台账不完整，销号依据不足。', deadline: addDays(server.today(), 30), type: 'deadline' },
    });
    await clerk.clock.fastForward(INBOX_POLL_MS + 1_000);
    await expect.poll(() => badge.innerText()).toBe('1');
    await clerk.getByTestId('inbox-bell').click();
    await expect.poll(() => clerk.getByTestId('inbox-latest').innerText()).toContain(`新交办事项：${item.code}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the administrator finds all of it in 操作日志 and 登录日志', async () => {
    await admin.goto(`${server.url}/system/audit/operations`);
    const table = admin.getByTestId('audit-table');
    await expect.poll(() => table.innerText()).toContain('新建组织');
    const operations = await table.innerText();
    for (const label of ['新建组织', '新建用户', '修改本人密码', '新建事项']) expect(operations).toContain(label);
    expect(operations).toContain('吴经办');
    await admin.goto(`${server.url}/system/audit/logins`);
    await expect.poll(() => table.innerText()).toContain('吴经办');
    expect(await admin.content()).not.toContain(temporaryPassword);
    expect(await admin.content()).not.toContain('Audit-Office-2026');
  });
});
