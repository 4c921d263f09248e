import { createRouter, createWebHistory, type RouterHistory } from 'vue-router';
import type { Pinia } from 'pinia';
import { api } from '@/api';
import { useAuthStore } from '@/stores/auth';
import { installGuards } from './guards';
import { routes } from './routes';

export function createAppRouter({ pinia, history = createWebHistory() }: { pinia: Pinia; history?: RouterHistory }) {
  const router = createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) });
  const auth = useAuthStore(pinia);
  installGuards(router, auth);

  // When a refresh is refused mid-session, send the user to sign in and bring them back afterwards.
  api.onSessionEnded(() => {
    const current = router.currentRoute.value;
    // Before the first page is shown, the guard that asked for the session sends the user to login itself.
    if (current.matched.length === 0 || current.meta.public) return;
    void router.replace({ name: 'login', query: { redirect: current.fullPath, reason: 'expired' } });
  });
  // After a new release, the chunks an open page would load lazily are gone: load the new release at the target
  // instead, once per target so that a chunk that is really missing cannot cause a reload loop.
  router.onError((error: unknown, to) => {
    const message = error instanceof Error ? error.message : String(error);
    if (!/dynamically imported module|Importing a module script failed/i.test(message)) return;
    if (sessionStorage.getItem('rectify.reloadedFor') === to.fullPath) return;
    sessionStorage.setItem('rectify.reloadedFor', to.fullPath);
    window.location.assign(to.fullPath);
  });
  return router;
}
