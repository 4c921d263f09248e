import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { LoginBody, Me, Permission, Role, TokenPair } from '@rectify/shared';
import { api, isApiError, tokens } from '@/api';
import { authApi } from '@/api/auth';
import { canAccess as canAccessRoute, type Access } from '@/router/access';
import { discardDraftsExcept } from '@/utils/kept-drafts';

export const useAuthStore = defineStore('auth', () => {
  const user = ref<Me | null>(null);
  let restoring: Promise<boolean> | null = null;

  const isAuthenticated = computed(() => user.value !== null);
  const role = computed<Role | null>(() => user.value?.role ?? null);
  const isReadOnly = computed(() => role.value === 'viewer');
  /** Signed in on a password an administrator set: only the password change opens until it is replaced. */
  const mustChangePassword = computed(() => user.value?.mustChangePassword === true);

  // A refresh answers with the user as the server sees them now (a changed role or organization shows at once).
  api.onRefreshed((pair) => {
    if (user.value) user.value = pair.user;
  });
  api.onSessionEnded(() => {
    user.value = null;
  });

  function can(permission: Permission): boolean {
    return user.value?.permissions.includes(permission) ?? false;
  }

  function hasRole(...roles: Role[]): boolean {
    return role.value !== null && roles.includes(role.value);
  }

  function canAccess(access: Access): boolean {
    return canAccessRoute(access, user.value);
  }

  /** Takes a session the server just issued (sign-in, own password change). */
  function useSession(pair: TokenPair): Me {
    // Drafts kept from an ended session are for their own author only.
    discardDraftsExcept(pair.user.id);
    tokens.set(pair);
    user.value = pair.user;
    return pair.user;
  }

  async function login(credentials: LoginBody): Promise<Me> {
    return useSession(await authApi.login(credentials));
  }

  /** After a reload: turns the stored tokens back into the signed-in user. False when there is no usable session. */
  function restore(): Promise<boolean> {
    if (user.value) return Promise.resolve(true);
    if (tokens.access === null && tokens.refresh === null) return Promise.resolve(false);
    restoring ??= authApi
      .me()
      .then(
        (me) => {
          user.value = me;
          return true;
        },
        (err: unknown) => {
          // A refused session was already cleared by the client; anything else (server down) keeps the tokens for a later try.
          if (isApiError(err) && err.status === 401) return false;
          throw err;
        },
      )
      .finally(() => {
        restoring = null;
      });
    return restoring;
  }

  function clear(): void {
    // Signing out on purpose leaves nothing typed behind in the tab.
    discardDraftsExcept(null);
    tokens.clear();
    user.value = null;
  }

  /**
   * Ends the session on the server and here. Answers where to send the browser when the session came through single
   * sign-on and the provider ends its own session too (RP-initiated logout); otherwise nothing.
   */
  async function logout(): Promise<string | undefined> {
    try {
      if (tokens.access !== null) return (await authApi.logout(tokens.refresh)).providerLogoutUrl;
    } catch {
      // Signing out locally must work even when the server cannot be reached.
    } finally {
      clear();
    }
    return undefined;
  }

  return { user, isAuthenticated, role, isReadOnly, mustChangePassword, can, hasRole, canAccess, login, useSession, restore, logout, clear };
});

export type AuthStore = ReturnType<typeof useAuthStore>;
