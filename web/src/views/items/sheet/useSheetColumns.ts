import { computed } from 'vue';
import { useColumnChoice } from '@/composables/useColumnChoice';
import { defaultColumns, ledgerColumns, optionalColumns, type LedgerColumn } from './ledger-rows';

/** Which ledger columns the 台账 shows (to fit a screen or a printed page), remembered for the user on this browser. */
export function useSheetColumns() {
  const chosen = useColumnChoice<LedgerColumn>('ledgerColumns', {
    optional: optionalColumns,
    defaults: defaultColumns,
    // A choice stored as a bare list was made before 协办单位 was a column.
    legacyKnown: optionalColumns.filter((c) => c !== 'assistOrgs'),
  });
  const visible = computed(() => new Set<LedgerColumn>(['seq', 'org', 'code', 'description', ...chosen.shown.value]));
  const shown = computed(() => ledgerColumns.filter((c) => visible.value.has(c)));

  return { visible, shown, toggle: chosen.toggle };
}
