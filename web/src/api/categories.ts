import type { Static } from 'typebox';
import type { Category, CreateCategoryBody, UpdateCategoryBody } from '@rectify/shared';
import { api } from './index';

export const categoriesApi = {
  list: () => api.get<{ items: Category[] }>('/api/categories'),
  create: (body: Static<typeof CreateCategoryBody>) => api.post<Category>('/api/categories', body),
  update: (id: number, body: Static<typeof UpdateCategoryBody>) => api.patch<Category>(`/api/categories/${id}`, body),
};
