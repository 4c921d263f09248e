import type { LoginBody, LogoutResult, Me, TokenPair } from '@rectify/shared';
import { api } from './index';

export const authApi = {
  login: (body: LoginBody) => api.post<TokenPair>('/api/auth/login', body, { auth: false }),
  me: () => api.get<Me>('/api/auth/me'),
  /** Ends every session of the account on the server. */
  logout: (refreshToken: string | null) => api.post<LogoutResult>('/api/auth/logout', refreshToken ? { refreshToken } : {}),
};
