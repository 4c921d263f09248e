import { translateError } from '@/i18n';
import { createApiClient } from './client';
import { createTokenStore } from './tokens';

export { ApiError, isApiError } from './errors';
export type { ApiClient, RequestOptions } from './client';

/** The app's one client and token store; tests build their own with createApiClient. */
export const tokens = createTokenStore(typeof localStorage === 'undefined' ? null : localStorage);
export const api = createApiClient({ tokens, translate: translateError });
