import { onScopeDispose, ref, type Ref } from 'vue';

/** Whether a CSS media query matches, kept up to date while the calling component lives. */
export function useMediaQuery(query: string): Ref<boolean> {
  const list = typeof window === 'undefined' || !window.matchMedia ? null : window.matchMedia(query);
  const matches = ref(list?.matches ?? false);
  const update = (event: MediaQueryListEvent) => {
    matches.value = event.matches;
  };
  list?.addEventListener('change', update);
  onScopeDispose(() => list?.removeEventListener('change', update));
  return matches;
}

/** Phone-sized screens get a drawer menu and stacked panels. */
export function useIsPhone(): Ref<boolean> {
  return useMediaQuery('(max-width: 767px)');
}
