import { watch } from 'vue';
import type { LocationQueryValue, RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router';
import { i18n, loadPageMessages } from '@/i18n';
import type { AuthStore } from '@/stores/auth';

/** Only paths inside this app are followed after login, never another origin (`//evil.example`). */
export function safeRedirect(value: LocationQueryValue | LocationQueryValue[] | undefined): string | null {
  const path = Array.isArray(value) ? value[0] : value;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return null;
  return path;
}

async function hasSession(auth: AuthStore): Promise<boolean> {
  try {
    return await auth.restore();
  } catch {
    // The server could not be reached: the login page says so when the user tries again.
    return false;
  }
}

/** Signed-out visitors go to /login?redirect=…; signed-in users only reach routes their role and permissions allow. */
export function installGuards(router: Router, auth: AuthStore): void {
  router.beforeEach(async (to): Promise<boolean | RouteLocationRaw> => {
    if (to.meta.public) {
      if (to.name === 'login' && (await hasSession(auth))) return safeRedirect(to.query.redirect) ?? { name: 'home' };
      return true;
    }
    if (!(await hasSession(auth))) {
      return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    }
    await loadPageMessages();
    // A password an administrator set (new account, reset) is replaced before anything else opens.
    if (auth.mustChangePassword && to.name !== 'password-change') {
      return { name: 'password-change', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    }
    if (!auth.mustChangePassword && to.name === 'password-change') return safeRedirect(to.query.redirect) ?? { name: 'home' };
    if (!auth.canAccess(to.meta)) return { name: 'forbidden' };
    return true;
  });

  const setTitle = (to: RouteLocationNormalized) => {
    const { t } = i18n.global;
    document.title = to.meta.titleKey ? `${t(to.meta.titleKey)} · ${t('app.name')}` : t('app.name');
  };
  router.afterEach(setTitle);
  watch(i18n.global.locale, () => setTitle(router.currentRoute.value));
}
