import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn } from './support/browser';
import { makePdf } from './support/files';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The supervisor ticks closure requests in the ledger and closes them in one go; each item still answers for itself. */
describeE2E('bulk decisions from the ledger list, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const awaiting: Array<{ id: number; code: string }> = [];
  let supervisorToken = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    supervisorToken = await server.tokenOf('supervisor');
    const branch = await server.tokenOf('branch');
    const { items: orgs } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token: supervisorToken });
    const police = orgs.find((o) => o.name === '江川市公安局党委')!.id;
    const pdf = await makePdf(browser, { title: '会议记录', lines: ['支部委员会会议'] });
    for (const title of ['学习记录不规范', '谈心谈话不经常']) {
      const item = await server.api<{ id: number; code: string }>('/api/items', {
        method: 'POST',
        token: supervisorToken,
        body: { orgId: police, source: 'review', title, description: `${title}，需要整改。`, deadline: addDays(server.today(), 30), type: 'deadline' },
      });
      await server.uploadEvidence(branch, item.id, { name: '会议记录.pdf', content: pdf, type: 'application/pdf' });
      await server.api(`/api/items/${item.id}/progress`, { method: 'POST', token: branch, body: { content: '已整改' } });
      const { version } = await server.api<{ version: number }>(`/api/items/${item.id}`, { token: branch });
      await server.api(`/api/items/${item.id}/transitions`, { method: 'POST', token: branch, body: { action: 'request_closure', comment: '已整改到位', version } });
      awaiting.push(item);
    }
    ({ page, errors } = await openPage(browser));
    await signIn(page, server.url, 'supervisor');
    await page.waitForURL(`${server.url}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('closes the ticked requests with one comment and names the one that changed meanwhile', async () => {
    await page.goto(`${server.url}/items?status=closure_requested&pageSize=100`);
    const table = page.getByTestId('items-table');
    for (const item of awaiting) {
      const row = table.locator('.el-table__row', { hasText: item.code });
      await row.waitFor();
      await row.locator('.el-checkbox').click();
    }
    await expect.poll(() => page.getByTestId('bulk-approve').innerText()).toContain('批量销号（2）');

    // Someone else decides the second one after it was ticked: its version moves on.
    const { version } = await server.api<{ version: number }>(`/api/items/${awaiting[1].id}`, { token: supervisorToken });
    await server.api(`/api/items/${awaiting[1].id}/transitions`, { method: 'POST', token: supervisorToken, body: { action: 'reject_closure', comment: '另行处理', version } });

    await page.getByTestId('bulk-approve').click();
    await page.getByTestId('bulk-dialog').waitFor();
    await page.getByTestId('bulk-comment').fill('佐证材料齐全，同意销号');
    await page.getByTestId('bulk-submit').click();
    const results = page.getByTestId('bulk-results');
    await results.waitFor();
    const text = await results.innerText();
    expect(text).toMatch(new RegExp(`${awaiting[0].code}\\s*已销号`));
    expect(text).toMatch(new RegExp(`${awaiting[1].code}[\\s\\S]*已被他人修改`));
    expect(await page.getByTestId('bulk-dialog').innerText()).toContain('1 项已办理，1 项未通过');
    await shoot(page, 'bulk-decisions-desktop', { fullPage: false });
    await page.getByTestId('bulk-close').click();
    const closed = await server.api<{ status: string }>(`/api/items/${awaiting[0].id}`, { token: supervisorToken });
    expect(closed.status).toBe('closed');
    expect(errors).toEqual([]);
  });
});
