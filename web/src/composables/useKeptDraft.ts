import { onBeforeUnmount, watch } from 'vue';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth';
import { readDraft, removeDraft, writeDraft } from '@/utils/kept-drafts';

export interface KeptDraftOptions<T> {
  /** Names the form and its record, e.g. `item:12:progress`. */
  form: string;
  /** What the form holds now. */
  value: () => T;
  /** True when there is nothing worth keeping. */
  isEmpty: (value: T) => boolean;
  /** Puts a kept draft back into the form. */
  restore: (value: T) => void;
}

/**
 * Keeps what is typed into a form through the end of a session: while the user is signed in the draft is mirrored
 * into this tab's storage; when the session ends (the page unmounts with nobody signed in) it stays there, and the
 * same form for the same user restores it after signing in again. Leaving the page while signed in drops it, as
 * leaving a form always did.
 */
export function useKeptDraft<T>({ form, value, isEmpty, restore }: KeptDraftOptions<T>): void {
  const auth = useAuthStore();
  const userId = auth.user?.id;
  if (userId === undefined) return;

  const kept = readDraft<T>(userId, form);
  if (kept !== undefined && !isEmpty(kept)) {
    restore(kept);
    ElMessage({ type: 'info', message: i18n.global.t('common.draftRestored'), grouping: true, duration: 6000 });
  }

  watch(
    value,
    (now) => {
      if (auth.user?.id !== userId) return;
      if (isEmpty(now)) removeDraft(userId, form);
      else writeDraft(userId, form, now);
    },
    { deep: true },
  );

  onBeforeUnmount(() => {
    if (auth.user?.id === userId) removeDraft(userId, form);
  });
}
