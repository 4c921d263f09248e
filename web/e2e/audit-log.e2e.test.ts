import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

describeE2E('the audit log pages', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const token = await server.tokenOf('admin');
    const { items } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token });
    const finance = items.find((org) => org.name === '江川市财政局机关党委')!;
    for (const n of ['01', '02']) {
      await server.api('/api/users', { method: 'POST', token, body: { username: `audit${n}`, displayName: `经办人${n}`, password: 'Clerk@2026x', role: 'branch', orgId: finance.id } });
    }
    await server.api('/api/settings', { method: 'PUT', token, body: { yellowDays: 5 } });
    // A wrong password for an existing account: the sign-in log names the account, never what was typed.
    await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'branch', password: 'Wrong@2026x' }) });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const device of ['desktop', 'phone'] as const) {
    it(`on a ${device}, the operation log lists the changes and filters them by action in the address`, async () => {
      const { page, context, errors } = await openPage(browser, { viewport: viewports[device] });
      await signIn(page, server.url, 'admin');
      await page.waitForURL(`${server.url}/`);
      await page.goto(`${server.url}/system/audit/operations`);
      const table = page.getByTestId('audit-table');
      await expect.poll(() => table.innerText()).toContain('新建用户');
      expect(await table.innerText()).toContain('修改系统设置');
      await shoot(page, `audit-operations-${device}`);

      await page.getByTestId('audit-action').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: /^新建用户$/ }).click();
      await page.waitForURL(/action=users\.create/);
      await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
      expect(await table.innerText()).not.toContain('修改系统设置');
      await page.reload();
      await expect.poll(() => table.locator('tbody tr').count()).toBe(2);

      await page.goto(`${server.url}/system/audit/logins`);
      await expect.poll(() => table.innerText()).toContain('登录失败');
      expect(await table.innerText()).toContain('王经办');
      expect(await page.content()).not.toContain('Wrong@2026x');
      await shoot(page, `audit-logins-${device}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
