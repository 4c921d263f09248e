import { computed, type Component, type ComputedRef } from 'vue';
import { useRouter } from 'vue-router';
import { navigation, type NavEntry } from '@/layouts/navigation';
import { useAuthStore } from '@/stores/auth';

export interface VisibleLink {
  name: string;
  titleKey: string;
  icon: Component;
}

export interface VisibleGroup {
  id: string;
  titleKey: string;
  icon: Component;
  children: VisibleLink[];
}

export type VisibleEntry = VisibleLink | VisibleGroup;

/** The menu the signed-in user may use: links to routes they can open, groups with at least one such link. */
export function useNavigation(entries: NavEntry[] = navigation): ComputedRef<VisibleEntry[]> {
  const router = useRouter();
  const auth = useAuthStore();

  function link(route: string, icon: Component): VisibleLink | null {
    const { meta } = router.resolve({ name: route });
    return auth.canAccess(meta) ? { name: route, titleKey: meta.titleKey ?? route, icon } : null;
  }

  return computed(() =>
    entries.flatMap((entry): VisibleEntry[] => {
      if ('route' in entry) {
        const visible = link(entry.route, entry.icon);
        return visible ? [visible] : [];
      }
      const children = entry.children.map((child) => link(child.route, child.icon)).filter((child) => child !== null);
      return children.length > 0 ? [{ id: entry.id, titleKey: entry.titleKey, icon: entry.icon, children }] : [];
    }),
  );
}

/** The links only, groups flattened: for shortcut lists. */
export function flattenNavigation(entries: VisibleEntry[]): VisibleLink[] {
  return entries.flatMap((entry) => ('children' in entry ? entry.children : [entry]));
}
