import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { makePdf } from './support/files';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const PASSWORD = 'Jiaojing#2026';

/**
 * 二级审核 in the browser: the administrator switches on 本单位审核 and 党委初审; a traffic branch's closure request is
 * endorsed by the branch's secretary, checked by the police 党委 and closed by the committee, each level writing its
 * opinion into the history; a second request is sent back at the middle level and returns to the branch.
 */
describeE2E('review levels before the committee, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const items: Array<{ id: number; code: string }> = [];

  /** An account the administrator creates, with its first password already replaced (as its owner would). */
  async function account(admin: string, username: string, displayName: string, orgId: number) {
    const user = await server.api<{ id: number; temporaryPassword: string }>('/api/users', { method: 'POST', token: admin, body: { username, displayName, role: 'branch', orgId } });
    const first = await server.api<{ accessToken: string }>('/api/auth/login', { method: 'POST', body: { username, password: user.temporaryPassword } });
    await server.api('/api/auth/password', { method: 'POST', token: first.accessToken, body: { oldPassword: user.temporaryPassword, newPassword: PASSWORD } });
    return user.id;
  }

  async function as(username: string, password?: string) {
    await page.context().clearCookies();
    await page.goto(`${server.url}/login`);
    await page.evaluate(() => localStorage.clear());
    // Loaded again with nothing stored: a signed-in app still starting could otherwise move on from /login to its home.
    await page.goto(`${server.url}/login`);
    await signIn(page, server.url, username, password);
    await page.waitForURL(`${server.url}/`);
  }

  async function act(action: string, comment: string) {
    await page.locator(`[data-testid="item-actions"] [data-action="${action}"]`).click();
    const dialog = page.getByTestId('action-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('action-comment').fill(comment);
    await page.getByTestId('action-submit').click();
    await dialog.waitFor({ state: 'hidden' });
  }

  const waitingAt = () => page.getByTestId('review-waiting').getAttribute('data-level');

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const admin = await server.tokenOf('admin');
    const supervisor = await server.tokenOf('supervisor');
    const { items: orgs } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token: admin });
    const traffic = orgs.find((o) => o.name === '市公安局交通警察支队党支部')!.id;
    await account(admin, 'tr-clerk', '刘经办（交警支队）', traffic);
    const secretary = await account(admin, 'tr-secretary', '周书记（交警支队）', traffic);
    const { items: users } = await server.api<{ items: { id: number; username: string }[] }>('/api/users?q=branch', { token: admin });
    for (const id of [secretary, users.find((u) => u.username === 'branch')!.id]) await server.api(`/api/review-levels/endorsers/${id}`, { method: 'PUT', token: admin });

    const clerk = (await server.api<{ accessToken: string }>('/api/auth/login', { method: 'POST', body: { username: 'tr-clerk', password: PASSWORD } })).accessToken;
    const pdf = await makePdf(browser, { title: '交警支队支委会会议记录', lines: ['专题研究“三会一课”整改'] });
    for (const title of ['“三会一课”记录不完整', '党员教育管理不经常']) {
      const item = await server.api<{ id: number; code: string }>('/api/items', {
        method: 'POST',
        token: supervisor,
        body: { orgId: traffic, source: 'review', title, description: `${title}，须限期整改。`, deadline: addDays(server.today(), 30), type: 'deadline' },
      });
      await server.uploadEvidence(clerk, item.id, { name: '会议记录.pdf', content: pdf, type: 'application/pdf' });
      await server.api(`/api/items/${item.id}/progress`, { method: 'POST', token: clerk, body: { content: '已召开支委会专题研究并整改' } });
      items.push(item);
    }
    ({ page, errors } = await openPage(browser));
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the administrator switches on 本单位审核 and 党委初审 in 系统管理 → 审核层级', async () => {
    await as('admin');
    await page.goto(`${server.url}/system/review-levels`);
    await page.getByTestId('level-unit').click();
    await page.getByTestId('level-party').click();
    await expect.poll(() => page.getByTestId('level-chain').innerText()).toContain('本单位审核 → 党委初审 → 工委终审');
    await page.getByTestId('level-save').click();
    await page.getByText('审核层级已保存').waitFor();
    await expect.poll(() => page.getByTestId('review-endorsers').innerText()).toContain('周书记（交警支队）');
    await shoot(page, 'review-levels-admin');
    await page.setViewportSize(viewports.phone);
    await shoot(page, 'review-levels-admin-phone');
    await page.setViewportSize(viewports.desktop);
  });

  it('the branch applies for closure and the request waits at 本单位审核', async () => {
    await as('tr-clerk', PASSWORD);
    await page.goto(`${server.url}/items/${items[0].id}`);
    await page.locator('[data-testid="item-actions"] [data-action="request_closure"]').click();
    const dialog = page.getByTestId('action-dialog');
    await dialog.getByTestId('action-comment').fill('已完善“三会一课”记录，补上两次党课');
    await page.getByTestId('action-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(waitingAt).toBe('unit');
    expect(await page.locator('[data-testid="item-actions"] [data-action="endorse_closure"]').count()).toBe(0);
    const clerk = (await server.api<{ accessToken: string }>('/api/auth/login', { method: 'POST', body: { username: 'tr-clerk', password: PASSWORD } })).accessToken;
    const { version } = await server.api<{ version: number }>(`/api/items/${items[1].id}`, { token: clerk });
    await server.api(`/api/items/${items[1].id}/transitions`, { method: 'POST', token: clerk, body: { action: 'request_closure', comment: '已开展党员集中学习', version } });
  });

  it('the branch secretary endorses it (签字背书), and it goes to the 党委', async () => {
    await as('tr-secretary', PASSWORD);
    await page.getByTestId('review-awaiting').waitFor();
    expect(await page.getByTestId('review-mine').innerText()).toContain(items[0].code);
    // The request reached the secretary's inbox, naming the level it waits at.
    await page.goto(`${server.url}/inbox`);
    await expect.poll(() => page.getByTestId('inbox-list').innerText()).toContain(`申请销号待审核（本单位审核）：${items[0].code}`);
    await page.goto(`${server.url}/items/${items[0].id}`);
    await expect.poll(waitingAt).toBe('unit');
    await shoot(page, 'review-levels-unit');
    await act('endorse_closure', '情况属实，佐证材料齐全，同意报党委审核');
    await expect.poll(waitingAt).toBe('party');
    await page.goto(`${server.url}/items/${items[1].id}`);
    await act('endorse_closure', '同意报党委审核');
    await expect.poll(waitingAt).toBe('party');
  });

  it('the police 党委 checks it (初审), and it goes to the committee', async () => {
    await as('branch');
    await page.goto(`${server.url}/inbox`);
    await expect.poll(() => page.getByTestId('inbox-list').innerText()).toContain(`申请销号待审核（党委初审）：${items[0].code}`);
    // The ledger filtered to what waits at 党委初审 keeps its filter through a reload.
    await page.goto(`${server.url}/items?reviewLevel=party`);
    const table = page.getByTestId('items-table');
    await expect.poll(() => table.innerText()).toContain(items[1].code);
    await page.reload();
    await expect.poll(() => table.innerText()).toContain(items[0].code);
    expect(page.url()).toContain('reviewLevel=party');
    expect(await page.getByTestId('filter-review-level').innerText()).toContain('待党委初审');
    await shoot(page, 'review-levels-ledger-filter');
    await page.goto(`${server.url}/items?reviewLevel=unit`);
    await expect.poll(() => table.innerText()).not.toContain(items[0].code);
    await page.goto(`${server.url}/items/${items[0].id}`);
    await expect.poll(waitingAt).toBe('party');
    await shoot(page, 'review-levels-party');
    await page.setViewportSize(viewports.phone);
    await shoot(page, 'review-levels-party-phone');
    await page.setViewportSize(viewports.desktop);
    await act('endorse_closure', '初审通过');
    await expect.poll(waitingAt).toBe('committee');
  });

  it('the 党委 sends the second request back at the middle level, and it returns to the branch with the reason', async () => {
    await page.goto(`${server.url}/items/${items[1].id}`);
    await act('reject_closure', '缺少学习签到表，请补充后重新申请');
    await expect.poll(() => page.locator('.item-page__tags [data-status]').getAttribute('data-status')).toBe('in_progress');
    expect(await page.getByTestId('review-waiting').count()).toBe(0);
    const history = await page.getByTestId('item-history').innerText();
    expect(history).toContain('缺少学习签到表，请补充后重新申请');
    expect(history).toContain('审核层级：党委初审');
    await shoot(page, 'review-levels-rejected');
  });

  it('the committee closes the first one, and the history shows every level with who and what they wrote', async () => {
    await as('supervisor');
    await page.goto(`${server.url}/items/${items[0].id}`);
    await expect.poll(waitingAt).toBe('committee');
    await shoot(page, 'review-levels-committee');
    await page.locator('[data-testid="item-actions"] [data-action="approve_closure"]').click();
    await page.getByTestId('action-dialog').waitFor();
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.locator('.item-page__tags [data-status]').getAttribute('data-status')).toBe('closed');
    const history = await page.getByTestId('item-history').innerText();
    for (const text of ['周书记（交警支队）', '情况属实，佐证材料齐全，同意报党委审核', '审核层级：本单位审核', '王经办（公安局党委）', '初审通过', '审核层级：党委初审', '审核层级：工委终审']) expect(history).toContain(text);
    await shoot(page, 'review-levels-history');
    expect(errors).toEqual([]);
  });
});
