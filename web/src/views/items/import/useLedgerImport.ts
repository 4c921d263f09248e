import { computed, ref, shallowRef } from 'vue';
import type { ImportIssue, ImportResult, ItemSource } from '@rectify/shared';
import { isApiError } from '@/api/errors';
import type { ImportUpload } from '@/api/ledger-io';
import { errorMessage } from '@/composables/useRequest';

/** The server's own limit (docs/import-export.md); checked here so that nobody waits for a 20 MB upload to fail. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/**
 * choose: no file yet · uploading: the file is on its way (with progress) · checking: the server reads it ·
 * preview: the dry run's report · done: the real run created the items.
 */
export type ImportPhase = 'choose' | 'uploading' | 'checking' | 'preview' | 'done';

export type Upload = (upload: ImportUpload) => Promise<ImportResult>;

const rowKey = (sheet: string | null, row: number | null) => `${sheet ?? ''}:${row ?? ''}`;

/**
 * One import, from choosing a file to the created items. Every file is first sent as a dry run; the real run sends
 * the same file and options again, and only when the dry run found nothing wrong (the server is all-or-nothing).
 */
export function useLedgerImport({ upload, localError }: { upload: Upload; localError: (reason: 'type' | 'size') => string }) {
  const phase = ref<ImportPhase>('choose');
  const file = shallowRef<File | null>(null);
  const source = ref<ItemSource | undefined>();
  const result = shallowRef<ImportResult | null>(null);
  const error = ref<string | null>(null);
  const percent = ref(0);
  /** Whether the run under way (or last finished) is the real one. */
  const committing = ref(false);
  let controller: AbortController | null = null;

  const busy = computed(() => phase.value === 'uploading' || phase.value === 'checking');
  const errors = computed<ImportIssue[]>(() => result.value?.errors ?? []);
  const hasErrors = computed(() => !!result.value && (result.value.errorCount > 0 || !result.value.ok));
  const canConfirm = computed(() => phase.value === 'preview' && !!result.value && !hasErrors.value && result.value.rowCount > 0);
  /** The errors of each data row, to mark the row in the preview. */
  const errorsByRow = computed(() => {
    const map = new Map<string, ImportIssue[]>();
    for (const issue of errors.value) if (issue.row !== null) map.set(rowKey(issue.sheet, issue.row), [...(map.get(rowKey(issue.sheet, issue.row)) ?? []), issue]);
    return map;
  });
  const rowErrors = (row: { sheet: string; row: number }) => errorsByRow.value.get(rowKey(row.sheet, row.row)) ?? [];

  async function run(dryRun: boolean): Promise<ImportResult | null> {
    if (!file.value) return null;
    controller?.abort();
    const own = (controller = new AbortController());
    committing.value = !dryRun;
    phase.value = 'uploading';
    percent.value = 0;
    error.value = null;
    try {
      const answer = await upload({
        file: file.value,
        query: { dryRun, ...(source.value ? { source: source.value } : {}) },
        onProgress: ({ loaded, total }) => (percent.value = total ? Math.min(100, Math.round((loaded / total) * 100)) : 0),
        onUploaded: () => {
          percent.value = 100;
          if (controller === own) phase.value = 'checking';
        },
        signal: own.signal,
      });
      if (controller !== own) return null;
      result.value = answer;
      phase.value = dryRun ? 'preview' : 'done';
      return answer;
    } catch (err) {
      if (controller !== own || (err as Error)?.name === 'AbortError') return null;
      // The real run refuses the whole file when a row went wrong since the dry run: its report replaces the preview.
      if (isApiError(err) && err.code === 'import.invalid_rows' && err.details && typeof err.details === 'object' && 'rows' in err.details) {
        result.value = err.details as ImportResult;
        phase.value = 'preview';
      } else {
        phase.value = result.value ? 'preview' : 'choose';
      }
      error.value = errorMessage(err);
      return null;
    } finally {
      if (controller === own) controller = null;
    }
  }

  /** Takes a newly chosen file and checks it at once. */
  function choose(next: File): Promise<ImportResult | null> {
    reset();
    if (!/\.xlsx$/i.test(next.name)) {
      error.value = localError('type');
      return Promise.resolve(null);
    }
    if (next.size > MAX_IMPORT_BYTES) {
      error.value = localError('size');
      return Promise.resolve(null);
    }
    file.value = next;
    return run(true);
  }

  /** Checks the same file again, e.g. with another default source. */
  const recheck = () => run(true);

  function confirm(): Promise<ImportResult | null> {
    if (!canConfirm.value) return Promise.resolve(null);
    return run(false);
  }

  function reset() {
    controller?.abort();
    controller = null;
    phase.value = 'choose';
    file.value = null;
    result.value = null;
    error.value = null;
    percent.value = 0;
    committing.value = false;
  }

  return { phase, file, source, result, error, percent, committing, busy, errors, hasErrors, canConfirm, rowErrors, choose, recheck, confirm, reset };
}
