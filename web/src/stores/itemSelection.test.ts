import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { meAs } from '@/test/fixtures';
import { useAuthStore } from './auth';
import { useItemSelectionStore, type SelectedItem } from './itemSelection';

const row = (id: number, status: SelectedItem['status'] = 'in_progress', orgId = 2): SelectedItem => ({ id, code: `C-${id}`, title: `问题${id}`, orgId, orgName: `单位${orgId}`, status, light: 'red', deadline: '2026-05-31', version: 1 });

beforeEach(() => setActivePinia(createPinia()));

describe('the bulk selection', () => {
  it('keeps what was ticked on other pages when one page changes', () => {
    const selection = useItemSelectionStore();
    const page1 = [row(1), row(2), row(3)];
    const page2 = [row(4), row(5, 'closed', 3)];
    selection.syncPage(page1, [page1[0]!, page1[2]!]);
    selection.syncPage(page2, page2);
    selection.syncPage(page1, [page1[2]!]);
    expect(selection.ids.sort()).toEqual([3, 4, 5]);
    expect(selection.openItems.map((i) => i.id).sort()).toEqual([3, 4]);
    expect(selection.orgIds.sort()).toEqual([2, 3]);
  });

  it('a single tick toggles, and clear empties it', () => {
    const selection = useItemSelectionStore();
    selection.toggle(row(9));
    expect(selection.has(9)).toBe(true);
    selection.toggle(row(9));
    expect(selection.count).toBe(0);
    selection.toggle(row(8), true);
    selection.clear();
    expect(selection.items).toEqual([]);
  });

  it('another account signing in starts with nothing chosen', async () => {
    const auth = useAuthStore();
    auth.user = meAs('supervisor');
    const selection = useItemSelectionStore();
    selection.toggle(row(1));
    auth.user = meAs('supervisor', { id: 42 });
    await nextTick();
    expect(selection.count).toBe(0);
  });
});
