import { errorCatalog, type ErrorCode } from '@rectify/shared';
import type { ClientErrorCode } from '@/api/errors';

export type ErrorMessages = Record<ErrorCode | ClientErrorCode, string>;

/**
 * vue-i18n reads dots as nesting, so `auth.token_expired` is stored as `{ auth: { token_expired } }`
 * and looked up as `errors.auth.token_expired`.
 */
export function nestErrorMessages(messages: ErrorMessages): Record<string, Record<string, string>> {
  const nested: Record<string, Record<string, string>> = {};
  for (const [code, message] of Object.entries(messages)) {
    const [group, name] = code.split('.', 2) as [string, string];
    (nested[group] ??= {})[name] = message;
  }
  return nested;
}

/** The Chinese messages are the shared catalog's own. */
export function catalogMessages(): Record<ErrorCode, string> {
  return Object.fromEntries(Object.entries(errorCatalog).map(([code, { message }]) => [code, message])) as Record<ErrorCode, string>;
}
