import { afterEach, describe, expect, it } from 'vitest';
import { errorCatalog } from '@rectify/shared';
import { clientErrorCodes } from '@/api/errors';
import { i18n, setLocale, translateError } from './index';

const codes = [...Object.keys(errorCatalog), ...clientErrorCodes];

afterEach(() => setLocale('zh-CN'));

describe('error messages', () => {
  it('in Chinese, every shared code reads as the catalog says', () => {
    for (const [code, { message }] of Object.entries(errorCatalog)) expect(translateError(code, 'fallback')).toBe(message);
  });

  it('in English, every code has its own message', async () => {
    await setLocale('en');
    for (const code of codes) {
      const message = translateError(code, 'fallback');
      expect(message, code).not.toBe('fallback');
      expect(message, code).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it('a code the web does not know yet shows the server message', () => {
    expect(translateError('items.brand_new', '服务器的说明')).toBe('服务器的说明');
  });

  it('switching language is remembered for the next visit', async () => {
    await setLocale('en');
    expect(i18n.global.locale.value).toBe('en');
    expect(localStorage.getItem('rectify.locale')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
