import type { Me, Permission, Role } from '@rectify/shared';

/** Who may open a route: a permission the server grants (preferred) and/or a list of roles. */
export interface Access {
  permission?: Permission;
  roles?: readonly Role[];
}

declare module 'vue-router' {
  interface RouteMeta extends Access {
    /** Reachable without signing in. */
    public?: boolean;
    /** i18n key of the page title, also used by the menu. */
    titleKey?: string;
    /** The menu entry to highlight on a page that has none of its own (an item belongs to 整改台账). */
    menu?: string;
  }
}

export function canAccess(access: Access, user: Pick<Me, 'role' | 'permissions'> | null): boolean {
  if (!user) return false;
  if (access.permission && !user.permissions.includes(access.permission)) return false;
  if (access.roles && !access.roles.includes(user.role)) return false;
  return true;
}
