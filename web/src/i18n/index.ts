import { shallowRef } from 'vue';
import { createI18n, type I18nOptions } from 'vue-i18n';
import type { Language } from 'element-plus/es/locale';
import elementZhCn from 'element-plus/es/locale/lang/zh-cn';
import type { MessageSchema } from './zh-CN';
import { zhCNCore } from './zh-CN.core';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

const STORAGE_KEY = 'rectify.locale';

export const i18n = createI18n<false, I18nOptions<{ message: MessageSchema }, Locale>>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  // The pages' Chinese messages are added by loadPageMessages, English by setLocale when first chosen.
  messages: { 'zh-CN': zhCNCore } as Record<Locale, MessageSchema>,
  missingWarn: false,
  fallbackWarn: false,
});

/** Element Plus' own strings (pagination, empty states, date pickers) follow the app's language. */
export const elementLocale = shallowRef<Language>(elementZhCn);
const elementLocales: Partial<Record<Locale, Language>> = { 'zh-CN': elementZhCn };

export function savedLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return (locales as readonly string[]).includes(saved ?? '') ? (saved as Locale) : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

let pageMessages: Promise<void> | null = null;

/**
 * Adds the Chinese messages of the pages behind sign-in, once; the router awaits it before the first such page, so
 * the sign-in page is sent without them.
 */
export function loadPageMessages(): Promise<void> {
  pageMessages ??= import('./zh-CN.pages').then(
    ({ zhCNPages }) => i18n.global.mergeLocaleMessage('zh-CN', zhCNPages as never),
    (err: unknown) => {
      pageMessages = null;
      throw err;
    },
  );
  return pageMessages;
}

/** Switches the language; English is loaded only when first chosen, so Chinese users never download it. */
export async function setLocale(locale: Locale): Promise<void> {
  if (!elementLocales[locale]) {
    const [{ default: messages }, { default: element }] = await Promise.all([import('./en'), import('element-plus/es/locale/lang/en')]);
    i18n.global.setLocaleMessage(locale, messages);
    elementLocales[locale] = element;
  }
  i18n.global.locale.value = locale;
  elementLocale.value = elementLocales[locale]!;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // The choice then lasts for this page only.
  }
}

/** The message for an error code in the current language, or the server's message for a code we do not know. */
export function translateError(code: string, fallback: string): string {
  const key = `errors.${code}`;
  return i18n.global.te(key) ? i18n.global.t(key) : fallback;
}
