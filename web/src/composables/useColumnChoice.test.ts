import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { useSheetColumns } from '@/views/items/sheet/useSheetColumns';
import { defaultColumns } from '@/views/items/sheet/ledger-rows';
import { useColumnChoice } from './useColumnChoice';

const stored = (name: string) => JSON.parse(localStorage.getItem(`rectify.${name}.anonymous`) ?? 'null');
const store = (name: string, value: unknown) => localStorage.setItem(`rectify.${name}.anonymous`, JSON.stringify(value));

describe('a remembered choice of columns', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    localStorage.clear();
  });

  it('when nothing is stored, shows the defaults; a choice made is kept with the columns there were', async () => {
    const choice = useColumnChoice('cols', { optional: ['a', 'b', 'c'], defaults: ['a', 'b'] });
    expect([...choice.shown.value]).toEqual(['a', 'b']);
    choice.toggle('b');
    choice.toggle('c');
    await nextTick();
    expect(stored('cols')).toEqual({ shown: ['a', 'c'], known: ['a', 'b', 'c'] });
    expect([...useColumnChoice('cols', { optional: ['a', 'b', 'c'], defaults: ['a', 'b'] }).shown.value]).toEqual(['a', 'c']);
  });

  it('when a column was added since the choice, it shows if it shows by default; the ones the user hid stay hidden', () => {
    store('cols', { shown: ['a'], known: ['a', 'b'] });
    const choice = useColumnChoice('cols', { optional: ['a', 'b', 'new', 'rare'], defaults: ['a', 'b', 'new'] });
    expect([...choice.shown.value]).toEqual(['a', 'new']);
  });

  it('when the stored entry is damaged or names columns that are gone, it gives the defaults or drops them', () => {
    store('cols', { shown: 'a' });
    expect([...useColumnChoice('cols', { optional: ['a', 'b'], defaults: ['b'] }).shown.value]).toEqual(['b']);
    store('cols', { shown: ['a', 'gone'], known: ['a', 'b', 'gone'] });
    expect([...useColumnChoice('cols', { optional: ['a', 'b'], defaults: ['b'] }).shown.value]).toEqual(['a']);
  });

  it('when a ledger choice was stored before 协办单位 was a column, 协办单位 shows, and the columns the user hid stay hidden', async () => {
    const older = defaultColumns.filter((c) => c !== 'assistOrgs' && c !== 'category');
    store('ledgerColumns', older);
    const columns = useSheetColumns();
    expect(columns.visible.value.has('assistOrgs')).toBe(true);
    expect(columns.visible.value.has('category')).toBe(false);
    // Hidden again by the user, it stays hidden from then on.
    columns.toggle('assistOrgs');
    await nextTick();
    expect(useSheetColumns().visible.value.has('assistOrgs')).toBe(false);
  });
});
