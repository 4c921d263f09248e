import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { makePdf } from './support/files';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const desk = { width: 1366, height: 900 };
const REASON = '佐证材料只有通知文件，缺少会议记录和整改前后对比，请补充后再申请销号。';

interface Detail {
  id: number;
  version: number;
  allowedActions: string[];
}

/**
 * A branch clerk on a phone: the home puts what is urgent first, the evidence upload refuses a file over the limit
 * before sending it, and what was being typed survives a session that ended (refresh token refused) to come back
 * after signing in again, for the same user only.
 */
describeE2E('the clerk on a phone', () => {
  let server: TestServer;
  let browser: Browser;
  let returnedId = 0;
  let tmp = '';

  const itemApi = async (token: string, id: number) => server.api<Detail>(`/api/items/${id}`, { token });
  async function step(token: string, id: number, body: Record<string, unknown>) {
    const { version } = await itemApi(token, id);
    return server.api(`/api/items/${id}/transitions`, { method: 'POST', token, body: { ...body, version } });
  }
  /** Both tokens become unusable, as when the refresh token has expired too: the next request ends the session. */
  const expireSession = (page: Page) =>
    page.evaluate(() => {
      localStorage.setItem('rectify.accessToken', 'expired.access.token');
      localStorage.setItem('rectify.refreshToken', 'expired-refresh-token');
    });

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'rectify-clerk-'));
    [server, browser] = await Promise.all([startServer({}, { demoLedger: true }), launchBrowser()]);
    const [supervisor, branch] = await Promise.all([server.tokenOf('supervisor'), server.tokenOf('branch')]);
    const me = await server.api<{ orgId: number }>('/api/auth/me', { token: branch });
    const today = server.today();
    // An item sent back with a reason, and a 督办单 waiting for the organization's reply.
    const created = await server.api<{ id: number }>('/api/items', {
      method: 'POST',
      token: supervisor,
      body: { orgId: me.orgId, source: 'review', description: '党员发展工作程序不规范，个别材料缺少签字。', deadline: addDays(today, 40), type: 'deadline' },
    });
    returnedId = created.id;
    await step(branch, returnedId, { action: 'start' });
    await server.uploadEvidence(branch, returnedId, { name: '整改通知.pdf', content: await makePdf(browser, { title: '整改通知', lines: ['已下发整改通知。'] }), type: 'application/pdf' });
    await step(branch, returnedId, { action: 'request_closure', comment: '已完成整改。' });
    await step(supervisor, returnedId, { action: 'reject_closure', comment: REASON });
    await server.api('/api/notices', { method: 'POST', token: supervisor, body: { orgId: me.orgId, allOverdue: true, level: 'red', requirements: '对逾期事项立即整改，按期回复。', replyDeadline: addDays(today, 5) } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('when a clerk opens the home on a phone, sent-back items with the reason come first, then overdue items, notices with their reply deadline and deadlines within the reminder window, all as 44 px targets', async () => {
    const { page, context, errors } = await openPage(browser, { viewport: viewports.phone });
    await signIn(page, server.url, 'branch');
    await page.getByTestId('returned-reason').first().waitFor();
    const home = await server.api<{ reminderDays: number; today: string; upcoming: { items: { deadline: string }[] } }>('/api/org-home', { token: await server.tokenOf('branch') });

    const tops = await page.locator('[data-section]').evaluateAll((sections) => sections.map((s) => [s.getAttribute('data-section'), Math.round(s.getBoundingClientRect().top)] as const));
    expect(tops.map(([name]) => name)).toEqual(['returned', 'overdue', 'notices', 'upcoming']);
    expect(tops.map(([, top]) => top)).toEqual([...tops.map(([, top]) => top)].sort((a, b) => a - b));
    const countsTop = await page.getByTestId('light-counts').evaluate((el) => el.getBoundingClientRect().top);
    expect(countsTop).toBeGreaterThan(tops.at(-1)![1]);

    expect(await page.getByTestId('returned-items').innerText()).toContain(REASON);
    expect(await page.getByTestId('overdue-items').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('notice-reply-deadline').first().innerText()).toContain(`请于 ${addDays(home.today, 5)} 前回复`);
    // Only deadlines inside the reminder window, never months ahead.
    const until = addDays(home.today, home.reminderDays);
    expect(home.upcoming.items.every((i) => i.deadline >= home.today && i.deadline <= until)).toBe(true);
    expect(await page.getByTestId('upcoming-items').locator('li').count()).toBe(home.upcoming.items.length);

    const small = await page.getByTestId('org-home').locator('a, button').evaluateAll((targets) =>
      targets
        .map((el) => ({ text: (el.textContent ?? '').trim().slice(0, 20), box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
        .map(({ text, box }) => `${text} ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
    await shoot(page, 'clerk-home-phone');
    expect(errors).toEqual([]);
    await context.close();

    const wide = await openPage(browser, { viewport: desk });
    await signIn(wide.page, server.url, 'branch');
    await wide.page.getByTestId('returned-reason').first().waitFor();
    await shoot(wide.page, 'clerk-home-desktop');
    await wide.context.close();
  });

  it('when a clerk picks a 60 MB photo, it is refused at once with the limit named before choosing, and nothing is sent', async () => {
    const { page, context } = await openPage(browser, { viewport: viewports.phone });
    await signIn(page, server.url, 'branch');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/items/${returnedId}`);
    expect(await page.getByTestId('evidence-limit').innerText()).toBe('单个文件不超过 50 MB');
    const uploads: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().includes('/evidence')) uploads.push(req.url());
    });
    const photo = join(tmp, '现场照片.jpg');
    writeFileSync(photo, '');
    truncateSync(photo, 60 * 1024 * 1024);
    await page.getByTestId('evidence-input').setInputFiles(photo);
    await expect.poll(() => page.locator('.evidence__uploads').innerText()).toContain('超过单个文件 50 MB 的上限，未上传');
    expect(await page.locator('.el-message').first().innerText()).toContain('“现场照片.jpg”有 60.0 MB');
    expect(uploads).toEqual([]);
    await page.getByTestId('evidence-drop').scrollIntoViewIfNeeded();
    await shoot(page, 'evidence-limit-phone', { fullPage: false });
    await page.setViewportSize(desk);
    await page.getByTestId('evidence-drop').scrollIntoViewIfNeeded();
    await shoot(page, 'evidence-limit-desktop', { fullPage: false });
    await context.close();
  });

  it('when the session has ended while a clerk types, the progress text and closure statement come back after signing in again, for that clerk only', async () => {
    const { page, context } = await openPage(browser, { viewport: viewports.phone });
    await signIn(page, server.url, 'branch');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/items/${returnedId}`);
    const progress = '已补充支部委员会会议记录，正在整理整改前后对比材料。';
    const statement = '已补齐会议记录和签字材料，整改完成，申请销号。';
    await page.getByTestId('progress-content').fill(progress);
    await page.locator('[data-testid="item-actions"] [data-action="request_closure"]').click();
    await page.getByTestId('action-comment').fill(statement);

    await expireSession(page);
    await page.getByTestId('action-submit').click();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('reason') === 'expired');
    const card = page.locator('.card');
    await expect.poll(() => card.innerText()).toContain('登录已超时，请重新登录。您正在填写的内容已保留，登录后会自动恢复。');
    expect(await page.locator('body').innerText()).not.toContain('刷新凭证');
    await shoot(page, 'session-kept-login-phone', { fullPage: false });
    await page.setViewportSize(desk);
    await shoot(page, 'session-kept-login-desktop', { fullPage: false });
    await page.setViewportSize(viewports.phone);

    await signIn(page, server.url, 'branch');
    await page.waitForURL(`${server.url}/items/${returnedId}`);
    await expect.poll(() => page.getByTestId('action-comment').inputValue()).toBe(statement);
    expect(await page.locator('.el-message').first().innerText()).toContain('已恢复登录超时前未提交的内容');
    await shoot(page, 'draft-restored-phone', { fullPage: false });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('progress-content').inputValue()).toBe(progress);

    // Kept again, then someone else signs in on this tab: nothing of the first clerk's reaches them.
    await expireSession(page);
    await page.reload();
    await page.waitForURL((url) => url.pathname === '/login');
    await signIn(page, server.url, 'branch2');
    await page.waitForURL((url) => url.pathname !== '/login');
    const kept = await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('rectify.draft.')));
    expect(kept).toEqual([]);
    await context.close();
  });
});
