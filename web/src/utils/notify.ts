// The message and confirm boxes are called from code, not used as <el-*> tags, so their styles are imported here.
import { ElMessage, ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { isApiError, tokens } from '@/api';
import { errorMessage } from '@/composables/useRequest';

export function notifySuccess(message: string): void {
  ElMessage({ type: 'success', message, grouping: true });
}

/**
 * A refusal that ended the session (both tokens gone): the sign-in page the user is taken to says so, once, so it is
 * not also shown as a toast.
 */
export function endedSession(err: unknown): boolean {
  return isApiError(err) && err.status === 401 && tokens.access === null && tokens.refresh === null;
}

/** A failed call's translated message (or the generic one for an unexpected error), or a message as given. */
export function notifyError(err: unknown): void {
  if (endedSession(err)) return;
  ElMessage({ type: 'error', message: typeof err === 'string' ? err : errorMessage(err), grouping: true, duration: 5000 });
}

/** Resolves true when the user confirms. */
export async function confirm({ title, message, confirmText, cancelText, danger = false }: { title: string; message: string; confirmText: string; cancelText: string; danger?: boolean }): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { confirmButtonText: confirmText, cancelButtonText: cancelText, type: danger ? 'warning' : 'info', autofocus: true });
    return true;
  } catch {
    return false;
  }
}
