import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixedClock } from '../../server/src/lib/clock';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { makePdf } from './support/files';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// The items are worked and closed today (the database dates some rows by its own clock, so the set-up cannot lie in
// the past); the 回头看 happens on the 16th seven months on, at 10:00 in Shanghai, so the month before it is a
// finished month whose report must not move.
const STARTED = new Date();
const SET_UP_DAY = STARTED.toISOString().slice(0, 10);
const LATER = new Date(Date.UTC(STARTED.getUTCFullYear(), STARTED.getUTCMonth() + 7, 16, 2));
const LATER_DAY = LATER.toISOString().slice(0, 10);
const LAST_MONTH = new Date(Date.UTC(LATER.getUTCFullYear(), LATER.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
const LAST_MONTH_TITLE = `${LAST_MONTH.slice(0, 4)}年${Number(LAST_MONTH.slice(5))}月`;
const NEW_DEADLINE = addDays(LATER_DAY, 45);
const POLICE = '江川市公安局党委';

/**
 * 回头看 and the escalation ladder in the browser: the committee draws a sample of items closed half a year ago,
 * the organization answers 巩固 with new evidence, the committee confirms one and reopens the other as 第2轮 with a
 * reason, a basis and a new deadline, and last month's report reads the same before and after. Then a late item's
 * suggested 约谈 is recorded from the ladder's list and shows on the item and on the organization's page.
 */
describeE2E('回头看 that reopens an item, and a ladder suggestion acted on, in the browser', () => {
  const clock = fixedClock(STARTED);
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const closed: Array<{ id: number; code: string; title: string }> = [];
  let late: { id: number; code: string };
  let reportBefore: { json: unknown; text: string };

  async function as(username: string) {
    await page.context().clearCookies();
    await page.goto(`${server.url}/login`);
    await page.evaluate(() => localStorage.clear());
    // Loaded again with nothing stored: a signed-in app still starting could otherwise move on from /login to its home.
    await page.goto(`${server.url}/login`);
    await signIn(page, server.url, username);
    await page.waitForURL(`${server.url}/`);
  }

  /** Last month's report as the API gives it (less the moment it was made) and as the page shows it. */
  async function lastMonthReport(orgId: number) {
    const token = await server.tokenOf('supervisor');
    const { generatedAt: _generatedAt, ...json } = await server.api<Record<string, unknown>>(`/api/reports/monthly?month=${LAST_MONTH}&org=${orgId}`, { token });
    await page.goto(`${server.url}/reports?month=${LAST_MONTH}&orgId=${orgId}`);
    await expect.poll(() => page.getByTestId('report-title').innerText()).toContain(LAST_MONTH_TITLE);
    await page.getByTestId('report-summary').waitFor();
    await page.getByTestId('report-by-org').waitFor();
    // The words and tables of the report; the charts draw in their own time and show the same figures.
    const text = await page.getByTestId('report').evaluate((report) => {
      const copy = report.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[data-testid^="report-chart"]').forEach((chart) => chart.remove());
      return copy.innerText;
    });
    return { json, text };
  }

  const recheckRow = (title: string) => page.getByTestId('rechecks-table').locator('.el-table__body-wrapper tr', { hasText: title });
  let policeId: number;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { clock }), launchBrowser()]);
    const supervisor = await server.tokenOf('supervisor');
    const clerk = await server.tokenOf('branch');
    const { items: orgs } = await server.api<{ items: { id: number; name: string }[] }>('/api/orgs', { token: supervisor });
    policeId = orgs.find((o) => o.name === POLICE)!.id;
    const pdf = await makePdf(browser, { title: '公安局党委会议记录', lines: ['专题研究“三会一课”整改'] });

    // Worked and closed the ordinary way: progress, evidence, 申请销号, 同意销号.
    for (const title of ['“三会一课”落实不经常', '党员教育管理流于形式']) {
      const item = await server.api<{ id: number; code: string }>('/api/items', {
        method: 'POST',
        token: supervisor,
        body: { orgId: policeId, source: 'review', title, description: `${title}，须限期整改。`, deadline: addDays(SET_UP_DAY, 30), type: 'deadline' },
      });
      await server.uploadEvidence(clerk, item.id, { name: '党委会议记录.pdf', content: pdf, type: 'application/pdf' });
      await server.api(`/api/items/${item.id}/progress`, { method: 'POST', token: clerk, body: { content: '已召开党委会专题研究并整改到位' } });
      const { version } = await server.api<{ version: number }>(`/api/items/${item.id}`, { token: clerk });
      const applied = await server.api<{ version: number }>(`/api/items/${item.id}/transitions`, { method: 'POST', token: clerk, body: { action: 'request_closure', comment: '整改已完成，申请销号', version } });
      await server.api(`/api/items/${item.id}/transitions`, { method: 'POST', token: supervisor, body: { action: 'approve_closure', comment: '佐证齐全，同意销号', version: applied.version } });
      closed.push({ ...item, title });
    }
    // Still open seven months on and 55 days late then: past the ladder's 约谈 threshold (45), short of 问责建议 (60).
    late = await server.api<{ id: number; code: string }>('/api/items', {
      method: 'POST',
      token: supervisor,
      body: { orgId: policeId, source: 'review', title: '党建与业务融合不紧密', description: '党建与业务“两张皮”问题突出。', deadline: addDays(LATER_DAY, -55), type: 'deadline' },
    });

    clock.set(LATER);
    ({ page, errors } = await openPage(browser));
    await page.clock.setFixedTime(LATER);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the supervisor reads last month’s report, then draws a 回头看 sample of items closed six months ago, by a seed', async () => {
    await as('supervisor');
    reportBefore = await lastMonthReport(policeId);
    await page.goto(`${server.url}/rechecks`);
    await page.getByTestId('draw-open').click();
    const dialog = page.getByTestId('draw-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('draw-months').locator('input').fill('6');
    await dialog.getByTestId('draw-percent').locator('input').fill('100');
    await dialog.getByTestId('draw-percent').locator('input').press('Tab');
    await dialog.getByTestId('draw-seed').fill('jc-recheck');
    await page.getByTestId('draw-submit').click();
    await page.getByText('共 2 项到期，抽中 2 项（种子 jc-recheck）').waitFor();
    await expect.poll(() => recheckRow(closed[0].title).count()).toBe(1);
    expect(await recheckRow(closed[1].title).innerText()).toContain('待单位说明');
  }, 120_000);

  it('the organization answers 巩固 with new evidence for both', async () => {
    await as('branch');
    await page.goto(`${server.url}/rechecks`);
    const pdf = await makePdf(browser, { title: '党委会议记录', lines: ['“三会一课”按月召开，记录完整'] });
    for (const [i, { title }] of closed.entries()) {
      await recheckRow(title).getByTestId('recheck-answer').click();
      const dialog = page.getByTestId('recheck-dialog');
      await dialog.waitFor();
      await dialog.getByTestId('recheck-text').fill(i === 0 ? '“三会一课”按月召开，记录完整，成果保持。' : '党员教育按季度开展，台账齐全。');
      await dialog.getByTestId('recheck-evidence-input').setInputFiles({ name: `巩固佐证${i + 1}.pdf`, mimeType: 'application/pdf', buffer: pdf });
      await expect.poll(() => dialog.getByTestId('recheck-evidence-chosen').innerText()).toContain(`巩固佐证${i + 1}.pdf`);
      if (i === 0) await shoot(page, 'recheck-answer');
      await page.getByTestId('recheck-submit').click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => recheckRow(title).innerText()).toContain('待工委确认');
    }
  }, 120_000);

  it('the supervisor sees the new evidence, confirms one and reopens the other as 第2轮 with a reason, basis and deadline', async () => {
    await as('supervisor');
    await page.goto(`${server.url}/rechecks`);
    await expect.poll(() => recheckRow(closed[0].title).getByTestId('recheck-evidence').innerText()).toContain('巩固佐证1.pdf');
    expect(await recheckRow(closed[1].title).getByTestId('recheck-evidence').innerText()).toContain('巩固佐证2.pdf');
    await shoot(page, 'rechecks-answered');

    await recheckRow(closed[0].title).getByTestId('recheck-confirm').click();
    let dialog = page.getByTestId('recheck-dialog');
    await dialog.waitFor();
    await page.getByTestId('recheck-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => recheckRow(closed[0].title).innerText()).toContain('已确认巩固');

    await recheckRow(closed[1].title).getByTestId('recheck-reopen').click();
    dialog = page.getByTestId('recheck-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('巩固佐证2.pdf');
    await dialog.getByTestId('recheck-text').fill('抽查发现近两个月未开展党员集中学习，问题反弹。');
    await dialog.getByTestId('recheck-basis').fill('工委回头看现场检查记录');
    const deadline = dialog.locator('.el-date-editor input');
    await deadline.fill(NEW_DEADLINE);
    await deadline.press('Enter');
    expect(await dialog.innerText()).toContain('第2轮');
    await shoot(page, 'recheck-reopen');
    await page.getByTestId('recheck-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => recheckRow(closed[1].title).innerText()).toContain('已反弹重开');
    expect(await recheckRow(closed[1].title).innerText()).toContain(`新时限 ${NEW_DEADLINE}`);

    await page.goto(`${server.url}/items/${closed[1].id}`);
    await expect.poll(() => page.locator('.item-page__tags [data-status]').getAttribute('data-status')).toBe('in_progress');
    await expect.poll(() => page.getByTestId('item-deadline').first().innerText()).toBe(NEW_DEADLINE);
    const rounds = await page.getByTestId('history-round').allInnerTexts();
    expect(rounds).toEqual(['第2轮', '第1轮']);
    const history = await page.getByTestId('item-history').innerText();
    expect(history).toContain('抽查发现近两个月未开展党员集中学习，问题反弹。');
    expect(history).toContain('同意销号');
    await shoot(page, 'recheck-reopened-item');
  }, 120_000);

  it('last month’s report is the same after the reopening, on the page and in the API', async () => {
    const after = await lastMonthReport(policeId);
    expect(after.json).toEqual(reportBefore.json);
    expect(after.text).toBe(reportBefore.text);
  }, 120_000);

  it('the ladder suggests 约谈 for the late item; the supervisor records it from the list', async () => {
    await page.goto(`${server.url}/escalation`);
    const row = page.getByTestId('escalation-table').locator('.el-table__body-wrapper tr', { hasText: late.code });
    await expect.poll(() => row.innerText()).toContain('逾期55天');
    const act = row.getByTestId('escalation-act');
    expect(await act.innerText()).toBe('约谈');
    await shoot(page, 'escalation-suggestions');
    await act.click();
    const dialog = page.getByTestId('escalation-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('talk-participants').fill('工委副书记；公安局党委书记、分管副局长');
    await dialog.getByTestId('escalation-content').fill('约谈纪要：指出党建与业务融合问题逾期未改，要求一个月内拿出融合措施并报工委。');
    const minutes = await makePdf(browser, { title: '约谈记录', lines: ['约谈对象：公安局党委书记', '整改要求：一个月内拿出融合措施'] });
    await dialog.getByTestId('escalation-attach-input').setInputFiles({ name: '约谈纪要.pdf', mimeType: 'application/pdf', buffer: minutes });
    await expect.poll(() => dialog.getByTestId('escalation-attach-chosen').innerText()).toContain('约谈纪要.pdf');
    await shoot(page, 'escalation-talk');
    await page.getByTestId('escalation-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('约谈记录已保存').waitFor();
    // Taken now; nothing new is due until the 问责建议 threshold.
    await page.getByTestId('escalation-show').click();
    await page.locator('.el-select__popper:visible').getByRole('option', { name: '全部逾期事项', exact: true }).click();
    await expect.poll(() => row.innerText()).toContain('暂无新的升级建议');
    expect(await row.locator('[data-step="talk"]').count()).toBe(1);

    // The committee's ranking counts it for the organization: 督办单 · 约谈 · 问责建议.
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator(`[data-testid="org-ranking"] tr[data-org="${policeId}"] [data-testid="ranking-escalation"]`).innerText()).toBe('0 · 1 · 0');
    await page.getByTestId('org-ranking').scrollIntoViewIfNeeded();
    await shoot(page, 'escalation-ranking', { fullPage: false });
  }, 120_000);

  it('the 约谈 shows in the item’s history and on the organization’s page', async () => {
    await page.goto(`${server.url}/items/${late.id}`);
    await expect.poll(() => page.getByTestId('item-history').innerText()).toContain('约谈纪要：指出党建与业务融合问题逾期未改');
    expect(await page.getByTestId('item-history').innerText()).toContain('约谈');

    await as('branch');
    const record = page.getByTestId('escalation-record');
    await expect.poll(() => record.innerText()).toContain(late.code);
    expect(await page.getByTestId('escalation-record-summary').innerText()).toContain('约谈 1 次');
    expect(await record.locator('[data-kind="talk"]').innerText()).toContain('工委副书记；公安局党委书记、分管副局长');
    expect(await record.getByTestId('escalation-record-files').innerText()).toContain('约谈纪要.pdf');
    await record.scrollIntoViewIfNeeded();
    await shoot(page, 'escalation-org-record');
    await page.setViewportSize(viewports.phone);
    await shoot(page, 'escalation-org-record-phone');
    await page.setViewportSize(viewports.desktop);
    expect(errors).toEqual([]);
  }, 120_000);
});
