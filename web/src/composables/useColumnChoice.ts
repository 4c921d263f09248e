import { computed } from 'vue';
import { useUserPreference } from './useUserPreference';

type Stored<C> = { shown: C[]; known: C[] };

/**
 * Which of a table's optional columns a user shows, remembered on this browser (`useUserPreference`). The choice keeps
 * the columns there were when it was made: a column added to the table since shows if it shows by default, instead of
 * staying hidden behind a choice made before it existed. `legacyKnown`: the columns an older stored choice (a bare
 * list of the shown ones) was made among.
 */
export function useColumnChoice<C extends string>(name: string, { optional, defaults, legacyKnown = optional }: { optional: readonly C[]; defaults: readonly C[]; legacyKnown?: readonly C[] }) {
  const isOptional = (c: unknown): c is C => (optional as readonly unknown[]).includes(c);
  const fresh = (shown: readonly C[]): Stored<C> => ({ shown: optional.filter((c) => shown.includes(c)), known: [...optional] });
  const read = (shown: unknown[], known: readonly unknown[]) =>
    fresh([...shown.filter(isOptional), ...defaults.filter((c) => !known.includes(c))]);
  const stored = useUserPreference<Stored<C>>(
    name,
    () => fresh(defaults),
    (value) => {
      if (Array.isArray(value)) return read(value, legacyKnown);
      const { shown, known } = (value ?? {}) as Partial<Stored<unknown>>;
      return Array.isArray(shown) && Array.isArray(known) ? read(shown, known) : null;
    },
  );
  const shown = computed(() => new Set<C>(stored.value.shown));

  function toggle(column: C) {
    if (!isOptional(column)) return;
    stored.value = fresh(shown.value.has(column) ? stored.value.shown.filter((c) => c !== column) : [...stored.value.shown, column]);
  }

  return { shown, toggle };
}
