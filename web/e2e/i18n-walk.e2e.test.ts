import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeE2E, launchBrowser, openPage, signIn } from './support/browser';
import { startServer, type TestServer } from './support/server';

/** What vue-i18n says when a message does not compile or a key is missing: a field without its label or hint. */
const fromI18n = /intlify|vue-i18n|Message compilation|Not found '.+' key/i;

const pages: Record<string, string[]> = {
  admin: ['/', '/system/orgs', '/system/users', '/system/categories', '/system/settings', '/system/channels', '/system/audit/operations', '/system/audit/logins', '/inbox', '/account/password', '/account/profile'],
  supervisor: ['/', '/items', '/items/ledger', '/reviews', '/common-problems', '/notices', '/reports', '/inbox'],
  branch: ['/', '/items', '/notices', '/inbox'],
};

/** Dialogs opened by a button on a page, each checked the same way. */
const dialogs: Array<{ who: keyof typeof pages; page: string; button: string; dialog: string }> = [
  { who: 'admin', page: '/system/channels', button: 'channel-add', dialog: '[data-testid="channel-dialog"]' },
  { who: 'admin', page: '/system/users', button: 'user-create', dialog: '[data-testid="user-form-dialog"]' },
  { who: 'supervisor', page: '/items', button: 'create-item', dialog: '.item-form-dialog' },
];

/**
 * Every page of every role, and the forms behind the main buttons, in Chinese and in English: no error or warning
 * from vue-i18n on the console (messages themselves are compiled one by one in src/i18n/messages.test.ts).
 */
describeE2E('every page and the main forms in both languages', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { demoLedger: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(who: string, locale: 'zh-CN' | 'en') {
    const opened = await openPage(browser);
    const said: string[] = [];
    opened.page.on('console', (message) => {
      if ((message.type() === 'warning' || message.type() === 'error') && fromI18n.test(message.text())) said.push(message.text());
    });
    await signIn(opened.page, server.url, who);
    await opened.page.waitForURL(`${server.url}/`);
    // The language is chosen once signed in (the sign-in helper types into the Chinese page) and kept for every page.
    await opened.page.evaluate((value) => localStorage.setItem('rectify.locale', value), locale);
    await opened.page.reload();
    return { ...opened, said };
  }

  const settle = (page: Page) => page.waitForLoadState('networkidle');

  for (const locale of ['zh-CN', 'en'] as const) {
    for (const who of Object.keys(pages)) {
      it(`${who} in ${locale}: every page and form renders without a word from vue-i18n`, async () => {
        const { page, context, errors, said } = await signedIn(who, locale);
        for (const path of pages[who]) {
          await page.goto(`${server.url}${path}`);
          await settle(page);
        }
        for (const d of dialogs.filter((x) => x.who === who)) {
          await page.goto(`${server.url}${d.page}`);
          await page.getByTestId(d.button).click();
          await page.locator(d.dialog).waitFor();
          await settle(page);
        }
        expect(said).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }
});
