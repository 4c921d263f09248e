import type { OidcSettings, SignInMethods, SignInOrder, TokenPair, UpdateOidcSettingsBody } from '@rectify/shared';
import { api } from './index';

export const signInApi = {
  /** The ways in the sign-in page offers, in the administrator's order (public). */
  methods: () => api.get<SignInMethods>('/api/auth/methods', { auth: false }),
  order: () => api.get<SignInOrder>('/api/sign-in/order'),
  saveOrder: (body: SignInOrder) => api.put<SignInOrder>('/api/sign-in/order', body),
  oidc: () => api.get<OidcSettings>('/api/sign-in/oidc'),
  saveOidc: (body: UpdateOidcSettingsBody) => api.put<OidcSettings>('/api/sign-in/oidc', body),
  /** Collects the session single sign-on prepared, with the one-time code it handed the page. */
  exchange: (code: string) => api.post<TokenPair>('/api/auth/oidc/exchange', { code }, { auth: false }),
};

/** Where the browser goes to sign in at the provider; the server keeps the request's secrets. */
export const oidcStartUrl = (returnTo: string | null) => `/api/auth/oidc/start${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`;
