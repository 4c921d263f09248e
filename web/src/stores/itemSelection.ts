import { computed, ref, watch } from 'vue';
import { defineStore } from 'pinia';
import type { Item } from '@rectify/shared';
import { useAuthStore } from './auth';

/** What a bulk action needs to know about a chosen item without loading it again. */
export type SelectedItem = Pick<Item, 'id' | 'code' | 'title' | 'orgId' | 'orgName' | 'status' | 'light' | 'deadline' | 'version'>;

const summary = ({ id, code, title, orgId, orgName, status, light, deadline, version }: SelectedItem): SelectedItem => ({ id, code, title, orgId, orgName, status, light, deadline, version });

/**
 * The ledger items chosen for a bulk action (e.g. issuing 督办单 for them). The choice outlives paging, filtering
 * and leaving the list, until it is cleared or the user signs out.
 */
export const useItemSelectionStore = defineStore('itemSelection', () => {
  const byId = ref(new Map<number, SelectedItem>());

  const items = computed(() => [...byId.value.values()]);
  const ids = computed(() => [...byId.value.keys()]);
  const count = computed(() => byId.value.size);
  /** Open items only: finished ones cannot be supervised any more. */
  const openItems = computed(() => items.value.filter((item) => item.status !== 'closed' && item.status !== 'cancelled'));
  const orgIds = computed(() => [...new Set(items.value.map((item) => item.orgId))]);

  function has(id: number) {
    return byId.value.has(id);
  }

  function toggle(item: SelectedItem, selected = !byId.value.has(item.id)) {
    if (selected) byId.value.set(item.id, summary(item));
    else byId.value.delete(item.id);
  }

  /** The rows of one page as now ticked: those ticked join, the page's others leave; other pages are untouched. */
  function syncPage(pageRows: readonly SelectedItem[], ticked: readonly SelectedItem[]) {
    const tickedIds = new Set(ticked.map((row) => row.id));
    for (const row of pageRows) toggle(row, tickedIds.has(row.id));
  }

  function clear() {
    byId.value.clear();
  }

  // Another account in this tab starts with nothing chosen.
  const auth = useAuthStore();
  watch(() => auth.user?.id, clear);

  return { items, ids, count, openItems, orgIds, has, toggle, syncPage, clear };
});
