import type { Profile, TokenPair, UpdateProfileBody } from '@rectify/shared';
import { api } from './index';

/** One's own account: the password and 个人信息. */
export const accountApi = {
  /** Ends every other session; the answer is this session's fresh tokens. */
  changePassword: (body: { oldPassword: string; newPassword: string }) => api.post<TokenPair>('/api/auth/password', body),
  profile: () => api.get<Profile>('/api/profile'),
  updateProfile: (body: UpdateProfileBody) => api.patch<Profile>('/api/profile', body),
};
