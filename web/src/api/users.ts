import type { Static } from 'typebox';
import type { User, UserListQuery } from '@rectify/shared';
import { api } from './index';

export type UsersQuery = Static<typeof UserListQuery>;

export const usersApi = {
  list: (query: UsersQuery = {}) => api.get<{ items: User[]; total: number }>('/api/users', { query }),
};
