import { ref, shallowRef, type Ref } from 'vue';
import type { ItemDetail } from '@rectify/shared';
import { isApiError } from '@/api';
import { itemsApi } from '@/api/items';
import { endedSession } from '@/utils/notify';
import { errorMessage } from './useRequest';

/** Errors after which the page's idea of the item is out of date: it is reloaded to show what may be done now. */
const OUTDATED = new Set(['items.illegal_transition', 'items.action_not_allowed', 'items.not_editable', 'evidence.item_locked', 'items.extension_pending']);

export interface ChangeOptions {
  /** The item as it will look, shown at once and put back if the change fails. */
  optimistic?: (current: ItemDetail) => ItemDetail;
}

export type ChangeResult = { ok: true } | { ok: false; stale: boolean; message: string };

/**
 * One ledger item on its page: loading, and every change made to it. Each change answers with the whole item,
 * which replaces the page's copy. A change refused because someone else changed the item first (409
 * `items.stale_version`) sets `stale`: the page says so and offers a reload, and nothing the user typed is lost.
 */
export function useItemDetail(id: Ref<number>, { onError }: { onError?: (message: string) => void } = {}) {
  const item = shallowRef<ItemDetail | null>(null);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  const notFound = ref(false);
  const stale = ref(false);
  /** The change now running (one at a time), e.g. 'transition:request_closure'. */
  const busy = ref<string | null>(null);
  let loadSeq = 0;

  async function load() {
    const seq = ++loadSeq;
    loading.value = true;
    loadError.value = null;
    try {
      const detail = await itemsApi.detail(id.value);
      if (seq !== loadSeq) return;
      item.value = detail;
      notFound.value = false;
      stale.value = false;
    } catch (err) {
      if (seq !== loadSeq) return;
      notFound.value = isApiError(err) && err.status === 404;
      loadError.value = errorMessage(err);
    } finally {
      if (seq === loadSeq) loading.value = false;
    }
  }

  async function change(kind: string, call: (current: ItemDetail) => Promise<ItemDetail>, { optimistic }: ChangeOptions = {}): Promise<ChangeResult> {
    const before = item.value;
    if (!before || busy.value) return { ok: false, stale: false, message: '' };
    busy.value = kind;
    if (optimistic) item.value = optimistic(before);
    try {
      item.value = await call(before);
      return { ok: true };
    } catch (err) {
      // Roll back what was shown ahead of the answer.
      if (optimistic) item.value = before;
      const message = errorMessage(err);
      const code = isApiError(err) ? err.code : '';
      if (code === 'items.stale_version') {
        stale.value = true;
        return { ok: false, stale: true, message };
      }
      if (!endedSession(err)) onError?.(message);
      if (OUTDATED.has(code)) void load();
      return { ok: false, stale: false, message };
    } finally {
      busy.value = null;
    }
  }

  /** Takes the item as another call answered it (an upload, a progress entry). */
  function replace(detail: ItemDetail) {
    if (detail.id === id.value) item.value = detail;
  }

  return { item, loading, loadError, notFound, stale, busy, load, change, replace };
}

export type ItemDetailState = ReturnType<typeof useItemDetail>;
