import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { fixedClock } from '../../server/src/lib/clock';
import { notice2026 } from '../../server/src/modules/calendar/calendar.notices.fixtures';
import { describeE2E, launchBrowser, openPage, signIn, viewports } from './support/browser';
import { shoot } from './support/screenshots';
import { startServer, type TestServer } from './support/server';

// 10:00 on Monday 9 February 2026 in Shanghai: fifteen working days run across the Spring Festival (02-15 … 02-23),
// counting the make-up Saturdays 02-14 and 02-28, to Friday 6 March.
const NOW = '2026-02-09T02:00:00Z';
const clock = fixedClock(NOW);

describeE2E('deadlines in working days and the working-day calendar', () => {
  let server: TestServer;
  let browser: Browser;

  /** A page whose clock agrees with the server's day, so the form's "today" is the day of issue. */
  async function pageOn(viewport: { width: number; height: number } = viewports.desktop, now = NOW) {
    const opened = await openPage(browser, { viewport });
    await opened.page.clock.setFixedTime(new Date(now));
    return opened;
  }
  /** The supervisor's create dialog, opened on the ledger, for the police committee's problem `description`. */
  async function createFormFor(page: Page, description: string) {
    await signIn(page, server.url, 'supervisor');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/items`);
    await page.getByTestId('create-item').click();
    const form = page.getByTestId('item-form');
    await form.waitFor();
    await form.locator('.el-form-item', { hasText: '所属单位' }).locator('.el-select__wrapper').click();
    await page.locator('.el-tree-select__popper:visible').getByRole('option', { name: '江川市公安局党委', exact: true }).click();
    await form.locator('.el-form-item', { hasText: '问题类别' }).locator('.el-select__wrapper').click();
    await page.locator('.el-select__popper:visible').getByRole('option', { name: '组织建设', exact: true }).click();
    await form.getByPlaceholder('具体写明存在的问题及其表现').fill(description);
    return form;
  }
  async function giveWorkingDays(form: Locator, days: number) {
    await form.getByTestId('deadline-mode-working').click();
    const count = form.getByTestId('deadline-working-days').locator('input');
    await count.fill(String(days));
    await count.press('Tab');
  }
  /** The item the first step creates, which the edit step changes. */
  let itemUrl = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { clock }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the supervisor gives a new item 15 个工作日 and it is due on 2026-03-06, after the Spring Festival', async () => {
    const { page, context, errors } = await pageOn();
    const form = await createFormFor(page, '“三会一课”记录不全，须在15个工作日内整改到位。');
    await giveWorkingDays(form, 15);
    await expect.poll(() => form.getByTestId('deadline-resolved').innerText()).toBe('自下达之日起 15 个工作日，即 2026-03-06');
    expect(await form.getByTestId('deadline-provisional').count()).toBe(0);
    await shoot(page, 'item-create-working-days');
    await page.getByTestId('item-form-submit').click();

    await page.waitForURL(/\/items\/\d+$/);
    itemUrl = page.url();
    await expect.poll(() => page.getByTestId('item-deadline').first().innerText()).toBe('2026-03-06');
    expect(await page.getByTestId('item-working-days').innerText()).toContain('按 15 个工作日计');
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const device of ['desktop', 'phone'] as const) {
    it(`on a ${device}, the administrator pastes the 2026 notice, is told what cannot be read, previews it and saves`, async () => {
      const { page, context, errors } = await pageOn(viewports[device]);
      await signIn(page, server.url, 'admin');
      await page.waitForURL(`${server.url}/`);
      await page.goto(`${server.url}/system/calendar?year=2026`);
      // The desktop run saves the pasted notice; the phone run finds the year as that left it.
      await expect.poll(() => page.getByTestId('calendar-state').innerText()).toBe(device === 'desktop' ? '随系统安装载入' : '据放假通知载入');
      expect(await page.locator('[data-date="2026-02-14"]').getAttribute('data-kind')).toBe('work');
      expect(await page.locator('[data-date="2026-02-16"]').getAttribute('data-kind')).toBe('off');
      await shoot(page, device === 'desktop' ? 'admin-calendar' : 'admin-calendar-phone');

      await page.getByTestId('calendar-paste-notice').click();
      const dialog = page.getByTestId('calendar-notice-dialog');
      const text = dialog.getByTestId('calendar-notice-text');
      await text.fill(notice2026.replace('5月9日（周六）', '5月9日（周日）'));
      await dialog.getByTestId('calendar-notice-read').click();
      await expect.poll(() => dialog.getByTestId('calendar-notice-problems').innerText()).toContain('第四条（劳动节）：5月9日是周六，通知中写的是周日');

      await text.fill(notice2026);
      await dialog.getByTestId('calendar-notice-read').click();
      await expect.poll(() => dialog.getByTestId('calendar-notice-preview').innerText()).toContain('识别到 2026 年 7 个节日');
      expect(await dialog.getByTestId('calendar-notice-preview').innerText()).toContain('2026-02-15 ～ 2026-02-23');
      if (device === 'desktop') await shoot(page, 'admin-calendar-notice', { fullPage: false });
      await dialog.getByTestId('calendar-notice-apply').click();

      await page.getByTestId('calendar-save').click();
      await expect.poll(() => page.getByTestId('calendar-state').innerText()).toBe('据放假通知载入');
      expect(await page.locator('[data-date="2026-10-10"]').getAttribute('data-kind')).toBe('work');
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('before 签收, the supervisor edits that item: the edit dialog opens on its 15 个工作日 and 10 give 2026-02-28, the make-up Saturday', async () => {
    const { page, context, errors } = await pageOn();
    await signIn(page, server.url, 'supervisor');
    await page.waitForURL(`${server.url}/`);
    await page.goto(itemUrl);
    await page.getByTestId('edit-item').click();
    const form = page.getByTestId('edit-form');
    await form.waitFor();
    await expect.poll(() => form.getByTestId('deadline-resolved').innerText()).toBe('自下达之日起 15 个工作日，即 2026-03-06');
    const count = form.getByTestId('deadline-working-days').locator('input');
    await count.fill('10');
    await count.press('Tab');
    await expect.poll(() => form.getByTestId('deadline-resolved').innerText()).toBe('自下达之日起 10 个工作日，即 2026-02-28');
    await shoot(page, 'item-edit-working-days', { fullPage: false });
    await page.getByTestId('edit-save').click();
    await expect.poll(() => page.getByTestId('item-deadline').first().innerText()).toBe('2026-02-28');
    expect(await page.getByTestId('item-working-days').innerText()).toContain('按 10 个工作日计');

    // Back to a date: the working days are given up.
    await page.getByTestId('edit-item').click();
    await form.waitFor();
    await form.getByTestId('deadline-mode').getByText('日期', { exact: true }).click();
    const date = form.locator('.el-date-editor input');
    await date.fill('2026-03-31');
    await date.press('Enter');
    await page.getByTestId('edit-save').click();
    await expect.poll(() => page.getByTestId('item-deadline').first().innerText()).toBe('2026-03-31');
    expect(await page.getByTestId('item-working-days').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the supervisor gives an item 15 个工作日 自签收之日起; the clerk signs for it on Friday the 13th and it is due on 2026-03-12', async () => {
    const { page, context, errors } = await pageOn();
    const form = await createFormFor(page, '党员教育管理台账不健全，须自签收之日起15个工作日内整改到位。');
    await giveWorkingDays(form, 15);
    await form.getByTestId('deadline-basis-acknowledge').click();
    await expect
      .poll(() => form.getByTestId('deadline-resolved').innerText())
      .toBe('自签收之日起 15 个工作日：如于 2026-02-09 签收，即 2026-03-06；签收时按签收当日重新计算');
    await shoot(page, 'item-create-working-days-from-signing');
    await page.getByTestId('item-form-submit').click();
    await page.waitForURL(/\/items\/\d+$/);
    const url = page.url();
    await expect.poll(() => page.getByTestId('item-working-days').innerText()).toBe('按 15 个工作日计（自签收之日起）：尚未签收，现按 2026-02-09 签收推算，签收时重新计算');
    expect(errors).toEqual([]);
    await context.close();

    const friday = '2026-02-13T02:00:00Z';
    clock.set(friday);
    try {
      const clerk = await pageOn(viewports.phone, friday);
      await signIn(clerk.page, server.url, 'branch');
      await clerk.page.waitForURL(`${server.url}/`);
      await clerk.page.goto(url);
      await clerk.page.locator('[data-testid="item-actions"] [data-action="start"]').click();
      await clerk.page.getByTestId('action-dialog').waitFor();
      await clerk.page.getByTestId('action-submit').click();
      // 02-14 (make-up Saturday) is the first working day after the 13th; 02-15 … 02-23 are off.
      await expect.poll(() => clerk.page.getByTestId('item-deadline').first().innerText()).toBe('2026-03-12');
      expect(await clerk.page.getByTestId('item-working-days').innerText()).toBe('按 15 个工作日计（自签收之日起，2026-02-13 起算）');
      expect(await clerk.page.getByTestId('item-history').innerText()).toContain('整改时限按签收之日重新计算：2026-03-06 → 2026-03-12');
      await shoot(clerk.page, 'item-signed-working-days-phone');
      expect(clerk.errors).toEqual([]);
      await clerk.context.close();
    } finally {
      clock.set(NOW);
    }
  });

  it('the administrator counts the yellow window and reminders in working days on 系统设置', async () => {
    const { page, context, errors } = await pageOn();
    await signIn(page, server.url, 'admin');
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/system/settings`);
    const form = page.getByTestId('settings-form');
    await form.waitFor();
    const yellow = form.locator('.el-form-item', { hasText: '临期提醒天数' });
    expect(await yellow.locator('.settings__unit').innerText()).toBe('天');
    const toggle = form.locator('.el-form-item', { hasText: '临期与提醒按工作日计算' });
    expect(await toggle.innerText()).toContain('节假日不计，调休上班日计入');
    await form.getByTestId('setting-workingDayWindows').click();
    expect(await yellow.locator('.settings__unit').innerText()).toBe('个工作日');
    await shoot(page, 'admin-settings-working-days');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.el-message').first().innerText()).toContain('设置已保存');
    await page.reload();
    await form.waitFor();
    expect(await form.getByTestId('setting-workingDayWindows').getAttribute('class')).toContain('is-checked');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('from 1 November, the administrator’s dashboard warns that 2027 has no calendar and leads to 工作日历', async () => {
    const november = '2026-11-02T02:00:00Z';
    clock.set(november);
    try {
      const { page, context, errors } = await pageOn(viewports.desktop, november);
      await signIn(page, server.url, 'admin');
      await page.waitForURL(`${server.url}/`);
      const warning = page.getByTestId('dashboard-calendar-missing');
      await expect.poll(() => warning.innerText()).toContain('2027 年的工作日历尚未载入');
      await shoot(page, 'dashboard-calendar-missing', { fullPage: false });
      await warning.getByTestId('dashboard-calendar-link').click();
      await page.waitForURL(`${server.url}/system/calendar?year=2027`);
      await expect.poll(() => page.getByTestId('calendar-missing-next-year').innerText()).toContain('2027');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      clock.set(NOW);
    }
  });
});
