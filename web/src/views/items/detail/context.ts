import { inject, type InjectionKey } from 'vue';
import type { ItemDetail } from '@rectify/shared';
import type { ItemDetailState } from '@/composables/useItemDetail';

/** The item page's state, shared with its sections. */
export const itemPageKey: InjectionKey<ItemDetailState> = Symbol('itemPage');

export function useItemPage(): ItemDetailState {
  const state = inject(itemPageKey);
  if (!state) throw new Error('useItemPage() outside the item page');
  return state;
}

export const isOpen = (item: Pick<ItemDetail, 'status'>) => item.status === 'issued' || item.status === 'in_progress' || item.status === 'closure_requested';

/** The last step of the closure workflow, and whether it sent the item back (退回) with a reason. */
export function lastReturn(item: Pick<ItemDetail, 'history' | 'status'>) {
  const workflow = new Set(['request_closure', 'approve_closure', 'reject_closure', 'cancel']);
  const last = [...item.history].reverse().find((entry) => workflow.has(entry.action));
  return item.status === 'in_progress' && last?.action === 'reject_closure' ? last : null;
}
