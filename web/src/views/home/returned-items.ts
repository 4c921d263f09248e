import type { HistoryEntry, Item } from '@rectify/shared';
import { itemsApi } from '@/api/items';

export interface ReturnedItem {
  item: Item;
  /** The 退回 step: who sent it back, when, and the reason. */
  entry: HistoryEntry;
}

const closureSteps = new Set(['request_closure', 'approve_closure', 'reject_closure', 'cancel']);

/**
 * Items in progress whose last closure step was a 退回: the organization has work to redo. The list API has no
 * filter for this, so the most recently changed items in progress are checked against their history.
 */
export async function loadReturnedItems({ limit = 6, scan = 12, signal }: { limit?: number; scan?: number; signal?: AbortSignal } = {}): Promise<ReturnedItem[]> {
  const { items } = await itemsApi.list({ status: 'in_progress', sort: 'updatedAt', order: 'desc', pageSize: scan }, signal);
  const found: ReturnedItem[] = [];
  const histories = await Promise.all(items.map((item) => itemsApi.history(item.id, signal).then(({ items: history }) => ({ item, history }))));
  for (const { item, history } of histories) {
    const last = [...history].reverse().find((entry) => closureSteps.has(entry.action));
    if (last?.action === 'reject_closure') found.push({ item, entry: last });
    if (found.length >= limit) break;
  }
  return found;
}
