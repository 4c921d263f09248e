import { onScopeDispose, ref, watch, type Ref } from 'vue';

/**
 * A blob fetched with the bearer token, as an object URL for an <img>; revoked when replaced or when the caller
 * goes away. `load` returns the blob for the current key; a stale answer for an earlier key is dropped.
 */
export function useObjectUrl<K>(key: Ref<K | null>, load: (key: K, signal: AbortSignal) => Promise<Blob>) {
  const url = ref<string | null>(null);
  const failed = ref(false);
  let controller: AbortController | null = null;

  function release() {
    controller?.abort();
    controller = null;
    if (url.value) URL.revokeObjectURL(url.value);
    url.value = null;
  }

  watch(
    key,
    async (next) => {
      release();
      failed.value = false;
      if (next === null) return;
      const own = (controller = new AbortController());
      try {
        const blob = await load(next, own.signal);
        if (own.signal.aborted) return;
        url.value = URL.createObjectURL(blob);
      } catch {
        if (!own.signal.aborted) failed.value = true;
      }
    },
    { immediate: true },
  );
  onScopeDispose(release);

  return { url, failed };
}
