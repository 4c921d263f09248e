import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn } from './support/browser';
import { startServer, type TestServer } from './support/server';

describeE2E('administration pages', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    // 25 more accounts, so the user list has a second page.
    const token = await server.tokenOf('admin');
    const { items } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token });
    const finance = items.find((org) => org.name === '江川市财政局机关党委')!;
    for (let i = 1; i <= 25; i += 1) {
      const n = String(i).padStart(2, '0');
      await server.api('/api/users', { method: 'POST', token, body: { username: `clerk${n}`, displayName: `经办人${n}`, password: 'Clerk@2026x', role: 'branch', orgId: finance.id } });
    }
    ({ page } = await openPage(browser));
    await signIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the organization page shows the tree, filters it and shows the chosen organization', async () => {
    await page.goto(`${server.url}/system/orgs`);
    const tree = page.locator('.el-tree');
    await expect.poll(() => tree.innerText()).toContain('江川市直属机关工作委员会');
    expect(await tree.innerText()).toContain('市公安局交通警察支队党支部');
    await page.getByPlaceholder('输入名称筛选组织').fill('交警');
    await expect.poll(() => tree.locator('.el-tree-node__content:visible').count()).toBe(3);
    await tree.getByText('市公安局交通警察支队党支部').click();
    const detail = page.locator('.orgs__detail');
    await expect.poll(() => detail.innerText()).toContain('江川市公安局党委');
    expect(await detail.innerText()).toContain('党支部');
  });

  it('the user list pages through the accounts and keeps its page in the address', async () => {
    await page.goto(`${server.url}/system/users`);
    const rows = page.locator('.el-table__body tbody tr');
    await expect.poll(() => page.locator('.el-pagination__total').innerText()).toBe('共 30 条');
    expect(await rows.count()).toBe(20);
    await page.locator('.el-pager li', { hasText: /^2$/ }).click();
    await page.waitForURL(`${server.url}/system/users?page=2`);
    await expect.poll(() => rows.count()).toBe(10);
    await page.reload();
    await expect.poll(() => rows.count()).toBe(10);
  });

  it('the user list searches by name and filters by role', async () => {
    await page.goto(`${server.url}/system/users`);
    await page.getByPlaceholder('用户名或姓名').fill('王经办');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.el-pagination__total').innerText()).toBe('共 1 条');
    expect(await page.locator('.el-table__body').innerText()).toContain('江川市公安局党委');
    await page.getByRole('button', { name: '重置' }).click();
    await expect.poll(() => page.locator('.el-pagination__total').innerText()).toBe('共 30 条');
  });
});
