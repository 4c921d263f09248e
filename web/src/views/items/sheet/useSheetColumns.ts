import { computed } from 'vue';
import { useUserPreference } from '@/composables/useUserPreference';
import { defaultColumns, ledgerColumns, optionalColumns, type LedgerColumn } from './ledger-rows';

const isOptional = (c: unknown): c is LedgerColumn => (optionalColumns as readonly unknown[]).includes(c);

/** Which ledger columns the 台账 shows (to fit a screen or a printed page), remembered for the user on this browser. */
export function useSheetColumns() {
  const chosen = useUserPreference<LedgerColumn[]>(
    'ledgerColumns',
    () => [...defaultColumns],
    (stored) => (Array.isArray(stored) ? stored.filter(isOptional) : null),
  );
  const visible = computed(() => new Set<LedgerColumn>(['seq', 'org', 'code', 'description', ...chosen.value]));
  const shown = computed(() => ledgerColumns.filter((c) => visible.value.has(c)));

  function toggle(column: LedgerColumn) {
    if (!isOptional(column)) return;
    chosen.value = chosen.value.includes(column) ? chosen.value.filter((c) => c !== column) : [...chosen.value, column];
  }

  return { visible, shown, toggle };
}
