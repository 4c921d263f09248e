import { useColumnChoice } from '@/composables/useColumnChoice';
import { useUserPreference } from '@/composables/useUserPreference';

/** Columns of the items list a user may hide; code, problem, deadline, status and the actions always show. */
export const optionalListColumns = ['org', 'categorySource', 'light', 'responsiblePerson', 'updatedAt'] as const;
export type ListColumn = (typeof optionalListColumns)[number];
const densities = ['large', 'default', 'small'] as const;
export type Density = (typeof densities)[number];

/** Shown until the user chooses: what fits a 1366 px screen with nothing cut. */
const defaultListColumns: ListColumn[] = ['org', 'light'];

/** The items list's columns and density, remembered for each user on this browser. */
export function useListLayout() {
  const chosen = useColumnChoice<ListColumn>('itemsColumns', { optional: optionalListColumns, defaults: defaultListColumns });
  const density = useUserPreference<Density>(
    'itemsDensity',
    () => 'default',
    (stored) => (densities as readonly unknown[]).includes(stored) ? (stored as Density) : null,
  );
  return { columns: chosen.shown, density, toggle: chosen.toggle, optional: optionalListColumns };
}

/** Roughly how wide a code is in the list's bold 14 px type: a wide (CJK) character is 14 px, others about 8.5. */
export function codeWidth(code: string): number {
  let width = 0;
  for (const c of code) width += c.charCodeAt(0) > 0x2e80 ? 14.5 : 8.6;
  return Math.ceil(width);
}
