import type { Static } from 'typebox';
import type { Settings, UpdateSettingsBody } from '@rectify/shared';
import { api } from './index';

export const settingsApi = {
  get: () => api.get<Settings>('/api/settings'),
  update: (body: Static<typeof UpdateSettingsBody>) => api.put<Settings>('/api/settings', body),
};
