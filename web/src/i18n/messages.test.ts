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

// The pages' messages are spread together from one module per area: two modules naming the same top-level key would
// leave only the later one's messages, and the earlier one's keys would show as raw keys on the page.
describe.each([
  ['zh-CN', import.meta.glob<Record<string, Tree>>('./*.zh-CN.ts', { eager: true })],
  ['en', import.meta.glob<Record<string, Tree>>('./*.en.ts', { eager: true })],
])('the %s message modules', (locale, modules) => {
  it('name each top-level key once, so that none replaces another’s messages', () => {
    const owners = new Map<string, string[]>();
    for (const [file, exports] of Object.entries(modules)) {
      for (const messages of Object.values(exports)) {
        if (typeof messages !== 'object' || messages === null) continue;
        for (const key of Object.keys(messages)) owners.set(key, [...(owners.get(key) ?? []), file]);
      }
    }
    expect(owners.size).toBeGreaterThan(20);
    expect([...owners].filter(([, files]) => files.length > 1)).toEqual([]);
  });

  it('show the measures editor’s labels (once dropped this way)', () => {
    const messages = (locale === 'zh-CN' ? zhCN : en) as unknown as Tree;
    const i18n = createI18n({ legacy: false, locale, messages: { [locale]: messages } });
    expect(i18n.global.t('measures.add')).toBe(locale === 'zh-CN' ? '添加措施' : 'Add a measure');
    expect(i18n.global.t('measures.status.done')).toBe(locale === 'zh-CN' ? '已完成' : 'Done');
  });
});
