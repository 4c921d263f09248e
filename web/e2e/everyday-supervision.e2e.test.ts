import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Item, ItemPage } from '@rectify/shared';
import { describeE2E, launchBrowser, openPage, signIn } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

const DEMO_REVIEW = '2026年度党组织书记抓基层党建工作述职评议';
const ORG = '江川市文化馆党支部';
const COMMENT = '存在的不足：一是阵地活动利用率不高，开放时间与群众需求不匹配；二是党员志愿服务记录不全，服务时长无法核实。';
const desktop = { width: 1366, height: 900 };
const phone = { width: 390, height: 844 };

/** Chooses an organization in the review page's picker. */
async function pickOrg(page: Page, name: string) {
  await page.locator('.review-orgs__pick .el-select__wrapper').click();
  await page.locator('.el-tree-select__popper:visible').getByRole('option', { name, exact: true }).click();
  await expect.poll(() => page.getByTestId('review-org-panel').locator('.rf-card__title').innerText()).toBe(`对 ${name} 的点评意见`);
}

/**
 * What a supervisor meets every day, decided on evidence: the same comment extracted twice does not open the same
 * problems twice, an item without evidence is not closed by accident, a past deadline typed in is refused out
 * loud, a report for a month that cannot exist says so, and every rate names its formula.
 */
describeE2E('everyday supervision, in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let phonePage: Page;
  let errors: string[];
  let reviewUrl = '';

  beforeAll(async () => {
    // The demo ledger here has no evidence store, so its closure requests carry no files: the case to decide.
    [server, browser] = await Promise.all([startServer({}, { demoLedger: true }), launchBrowser()]);
    const desk = await openPage(browser, { viewport: desktop });
    const small = await openPage(browser, { viewport: phone });
    [page, phonePage, errors] = [desk.page, small.page, [...desk.errors]];
    desk.page.on('pageerror', (err) => errors.push(err.message));
    small.page.on('pageerror', (err) => errors.push(err.message));
    await signIn(page, server.url, 'supervisor');
    await signIn(phonePage, server.url, 'supervisor');
    await Promise.all([page.waitForURL(`${server.url}/`), phonePage.waitForURL(`${server.url}/`)]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('when a comment is extracted again after its items were created, the drafts say 已建账, start unticked and need an explicit choice', async () => {
    await page.goto(`${server.url}/reviews`);
    await page.getByTestId('reviews-table').getByText(DEMO_REVIEW).first().click();
    await page.waitForURL(/\/reviews\/\d+$/);
    reviewUrl = page.url();
    await pickOrg(page, ORG);
    await page.getByTestId('comment-text').fill(COMMENT);
    await page.getByTestId('extract').click();
    const rows = page.getByTestId('draft-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByTestId('draft-existing').count()).toBe(0);

    // A past day typed into a draft's deadline is refused with a message, and the field keeps no value.
    const deadline = rows.first().locator('.deadline-picker input');
    await deadline.fill('2020-01-15');
    await deadline.press('Enter');
    await expect.poll(() => rows.first().getByTestId('deadline-refused').innerText()).toContain('2020-01-15');
    expect(await rows.first().getByTestId('deadline-refused').innerText()).toContain('不能早于今天');
    await shoot(page, 'deadline-refused-1366', { fullPage: false });

    await page.locator('.org-panel__batch input').fill(new Date(Date.parse(`${server.today()}T00:00:00Z`) + 60 * 86_400_000).toISOString().slice(0, 10));
    await page.locator('.org-panel__batch input').press('Enter');
    await page.getByTestId('drafts-confirm').click();
    await expect.poll(() => page.getByTestId('drafts').count()).toBe(0);

    await page.getByTestId('extract').click();
    await expect.poll(() => page.getByTestId('draft-existing').count()).toBe(2);
    expect(await page.getByTestId('draft-existing').first().innerText()).toMatch(/^已建账 \d{4}-文化馆-\d{3}$/);
    const ticked = () => rows.locator('[data-testid="draft-include"] input').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked));
    expect(await ticked()).toEqual([false, false]);
    expect(await page.getByTestId('drafts-confirm').isDisabled()).toBe(true);
    await shoot(page, 'drafts-already-in-ledger-1366');

    // Ticking one is not yet enough: confirming asks once more, and declining creates nothing.
    await rows.first().getByTestId('draft-include').click();
    await page.getByTestId('drafts-confirm').click();
    const box = page.locator('.el-message-box');
    await expect.poll(() => box.innerText()).toContain('已建账');
    await box.getByRole('button', { name: '取消' }).click();
    expect(await page.getByTestId('draft-existing').count()).toBe(2);

    await phonePage.goto(reviewUrl);
    await pickOrg(phonePage, ORG);
    await phonePage.getByTestId('extract').click();
    await expect.poll(() => phonePage.getByTestId('draft-existing').count()).toBe(2);
    await shoot(phonePage, 'drafts-already-in-ledger-390');
  });

  it('when the supervisor approves a closure with 佐证材料 0 份, it takes an explicit confirmation and a reason, and the history keeps both', async () => {
    const token = await server.tokenOf('supervisor');
    const { items } = await server.api<ItemPage>('/api/items?status=closure_requested&pageSize=100', { token });
    const bare = items.find((i: Item) => i.evidenceCount === 0);
    expect(bare, 'a demo closure request without evidence').toBeDefined();

    await page.goto(`${server.url}/items/${bare!.id}`);
    await page.locator('[data-action="approve_closure"]').click();
    const dialog = page.getByTestId('action-dialog');
    await expect.poll(() => dialog.getByTestId('action-no-evidence').innerText()).toContain('佐证材料 0 份');
    expect(await dialog.getByTestId('action-submit').isDisabled()).toBe(true);
    await dialog.getByTestId('action-without-evidence').click();
    await dialog.getByTestId('action-submit').click();
    await expect.poll(() => dialog.locator('[role="alert"]').last().innerText()).toContain('理由');
    await dialog.getByTestId('action-comment').fill('已到现场核查整改情况，材料由单位另行归档');
    await shoot(page, 'approve-without-evidence-1366', { fullPage: false });
    await dialog.getByTestId('action-submit').click();
    await expect.poll(() => page.getByTestId('item-history').innerText()).toContain('无佐证材料销号（已确认）');
    expect(await page.getByTestId('item-history').innerText()).toContain('已到现场核查整改情况');

    const another = items.filter((i: Item) => i.evidenceCount === 0 && i.id !== bare!.id)[0];
    if (another) {
      await phonePage.goto(`${server.url}/items/${another.id}`);
      await phonePage.locator('[data-action="approve_closure"]').click();
      await phonePage.getByTestId('action-no-evidence').waitFor();
      await shoot(phonePage, 'approve-without-evidence-390', { fullPage: false });
      await phonePage.keyboard.press('Escape');
    }
  });

  it('when a report month in the address cannot be reported, the page says so and shows no other month', async () => {
    const nextYear = Number(server.today().slice(0, 4)) + 1;
    await page.goto(`${server.url}/reports?month=${nextYear}-03`);
    await expect.poll(() => page.getByTestId('report-unavailable').innerText()).toContain(`${nextYear}-03 还没有到`);
    expect(await page.getByTestId('report-headline').count()).toBe(0);
    await shoot(page, 'report-month-unavailable-1366', { fullPage: false });

    await page.goto(`${server.url}/reports?month=2010-01`);
    await expect.poll(() => page.getByTestId('report-empty').innerText()).toContain('这个月没有整改数据');
    expect(await page.getByTestId('report-headline').count()).toBe(0);

    await phonePage.goto(`${server.url}/reports?month=1999-12`);
    await expect.poll(() => phonePage.getByTestId('report-unavailable').innerText()).toContain('早于可查询的月份');
    await shoot(phonePage, 'report-month-unavailable-390', { fullPage: false });
  });

  it('when the reviews list is read, each review shows 整改完成率, 按期销号率 and 逾期未销号 with the formula on hover', async () => {
    await page.goto(`${server.url}/reviews`);
    const rate = page.getByTestId('rollup-rate').first();
    await expect.poll(() => rate.innerText()).toMatch(/^整改完成率 (\d+(\.\d)?%|—)$/);
    expect(await page.getByTestId('rollup-on-time').first().innerText()).toMatch(/^按期销号率 (\d+(\.\d)?%|—)$/);
    expect(await page.getByTestId('rollup-overdue').first().innerText()).toMatch(/^逾期未销号 \d+$/);
    await page.getByTestId('rollup-on-time').first().hover();
    await expect.poll(() => page.locator('.el-popper:visible').last().innerText()).toBe('按期销号率 = 按期销号 ÷（已销号 + 逾期未销号）');
    await shoot(page, 'reviews-rates-1366', { fullPage: false });
    await phonePage.goto(`${server.url}/reviews`);
    await phonePage.getByTestId('rollup-rate').first().waitFor();
    await shoot(phonePage, 'reviews-rates-390');
    expect(errors).toEqual([]);
  });
});
