import { describe, inject } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from './server';

const chromiumPath = inject('chromiumPath');

/** Runs the block only when Chromium is there (the global setup says why it is skipped otherwise). */
export const describeE2E = chromiumPath ? describe : describe.skip;

export const viewports = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A fresh page (own storage, so no session) that fails the test on any uncaught page error. */
export async function openPage(browser: Browser, { viewport = viewports.desktop }: { viewport?: { width: number; height: number } } = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, context, errors };
}

/** Signs in the way a person does: the username field has focus, Tab to the password, Enter to submit. */
export async function signIn(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD) {
  if (!page.url().includes('/login')) await page.goto(`${baseUrl}/login`);
  await page.getByPlaceholder('请输入用户名').waitFor();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

/** An entry of the side menu by its exact label. */
export function menuItem(page: Page, label: string) {
  return page.locator('.app-menu').getByRole('menuitem', { name: label, exact: true });
}

/**
 * Resolves once the page has had no request in flight for `quietMs`. Arm it before the action that starts the
 * requests (those started earlier are not seen).
 */
export function networkQuiet(page: Page, quietMs = 500): Promise<void> {
  return new Promise((resolve) => {
    let inflight = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      page.off('request', started);
      page.off('requestfinished', ended);
      page.off('requestfailed', ended);
      resolve();
    };
    const arm = () => {
      clearTimeout(timer);
      if (inflight === 0) timer = setTimeout(finish, quietMs);
    };
    const started = () => {
      inflight += 1;
      clearTimeout(timer);
    };
    const ended = () => {
      inflight = Math.max(0, inflight - 1);
      arm();
    };
    page.on('request', started);
    page.on('requestfinished', ended);
    page.on('requestfailed', ended);
    arm();
  });
}
