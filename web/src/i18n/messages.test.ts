import { afterEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN';
import en from './en';

type Tree = { [key: string]: string | Tree };

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`)));
}

afterEach(() => vi.restoreAllMocks());

// vue-i18n compiles a message when it is first shown; a message that breaks its syntax (a bare @, {, }, | or $)
// logs an error and renders nothing there, which a user meets as a field with no label or a button that does nothing.
describe.each([
  ['zh-CN', zhCN as unknown as Tree],
  ['en', en as unknown as Tree],
])('every message in %s', (locale, messages) => {
  it('compiles without an error or warning from vue-i18n', () => {
    const logged: string[] = [];
    for (const method of ['error', 'warn'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
    const i18n = createI18n({ legacy: false, locale, messages: { [locale]: messages } });
    const broken: string[] = [];
    for (const key of keysOf(messages)) {
      const before = logged.length;
      try {
        const shown = i18n.global.t(key, { n: 1, count: 1, name: 'x' }, 1);
        if (logged.length > before || typeof shown !== 'string') broken.push(`${key}: ${logged.slice(before).join(' / ')}`);
      } catch (err) {
        broken.push(`${key}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
