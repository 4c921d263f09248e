import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { isApiError } from '@/api';
import { i18n } from '@/i18n';

export interface RequestState<T, A extends unknown[]> {
  data: ShallowRef<T | undefined>;
  /** The translated message of the last failure, shown in place of the content. */
  error: Ref<string | null>;
  loading: Ref<boolean>;
  run: (...args: A) => Promise<T | undefined>;
}

/**
 * Loading, data and error state for one API call. Only the latest run's answer is kept,
 * so a slow earlier answer never overwrites a newer one.
 */
export function useRequest<T, A extends unknown[]>(fn: (...args: A) => Promise<T>): RequestState<T, A> {
  const data = shallowRef<T>();
  const error = ref<string | null>(null);
  const loading = ref(false);
  let latest = 0;

  async function run(...args: A): Promise<T | undefined> {
    const id = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const result = await fn(...args);
      if (id === latest) data.value = result;
      return result;
    } catch (err) {
      if (id === latest) error.value = errorMessage(err);
      return undefined;
    } finally {
      if (id === latest) loading.value = false;
    }
  }

  return { data, error, loading, run };
}

export function errorMessage(err: unknown): string {
  return isApiError(err) ? err.message : i18n.global.t('errors.common.internal');
}
