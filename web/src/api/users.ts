import type { Static } from 'typebox';
import type { CreatedUser, CreateUserBody, UpdateUserBody, User, UserListQuery } from '@rectify/shared';
import { api } from './index';

export type UsersQuery = Static<typeof UserListQuery>;

export const usersApi = {
  list: (query: UsersQuery = {}) => api.get<{ items: User[]; total: number }>('/api/users', { query }),
  /** Without a password the answer carries the generated `temporaryPassword`, this once. */
  create: (body: CreateUserBody) => api.post<CreatedUser>('/api/users', body),
  update: (id: number, body: UpdateUserBody) => api.patch<User>(`/api/users/${id}`, body),
  /** A new temporary password, answered once; the user's sessions end and they must change it at sign-in. */
  resetPassword: (id: number) => api.post<{ ok: true; temporaryPassword?: string }>(`/api/users/${id}/password`, {}),
};
