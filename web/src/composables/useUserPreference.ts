import { ref, watch, type Ref } from 'vue';
import { useAuthStore } from '@/stores/auth';

/**
 * A choice of layout (columns shown, table density) remembered on this browser for the signed-in user, so that
 * two people sharing a computer each keep their own. `check` turns what was stored into a valid value or null
 * (a damaged or outdated entry then gives the default).
 */
export function useUserPreference<T>(name: string, fallback: () => T, check: (stored: unknown) => T | null): Ref<T> {
  const auth = useAuthStore();
  const key = `rectify.${name}.${auth.user?.id ?? 'anonymous'}`;
  let initial = fallback();
  try {
    const raw = localStorage.getItem(key);
    if (raw !== null) initial = check(JSON.parse(raw)) ?? initial;
  } catch {
    // An unreadable entry gives the default.
  }
  const value = ref(initial) as Ref<T>;
  watch(
    value,
    (next) => {
      try {
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Storage full or forbidden: the choice applies until the page is left.
      }
    },
    { deep: true },
  );
  return value;
}
