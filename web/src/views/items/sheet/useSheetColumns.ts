import { computed, ref } from 'vue';
import { ledgerColumns, optionalColumns, type LedgerColumn } from './ledger-rows';

const STORAGE_KEY = 'rectify.ledgerColumns';

function saved(): Set<LedgerColumn> {
  try {
    const hidden = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    if (Array.isArray(hidden)) return new Set(ledgerColumns.filter((c) => !hidden.includes(c)));
  } catch {
    // A damaged setting shows every column.
  }
  return new Set(ledgerColumns);
}

/** Which ledger columns the 台账 shows (to fit a printed page); the choice is remembered on this browser. */
export function useSheetColumns() {
  const visible = ref(saved());
  const shown = computed(() => ledgerColumns.filter((c) => visible.value.has(c)));

  function toggle(column: LedgerColumn) {
    if (!(optionalColumns as readonly string[]).includes(column)) return;
    const next = new Set(visible.value);
    if (next.has(column)) next.delete(column);
    else next.add(column);
    visible.value = next;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(ledgerColumns.filter((c) => !next.has(c))));
    } catch {
      // Not remembered, but applied.
    }
  }

  return { visible, shown, toggle };
}
