/**
 * What a user was typing when their session ended, kept in this tab's sessionStorage until they sign in again.
 * Keys carry the user's id, and signing in as anyone else discards the rest: a draft never reaches another user.
 */
const PREFIX = 'rectify.draft.';

const keyOf = (userId: number, form: string) => `${PREFIX}${userId}.${form}`;

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

function keys(): string[] {
  const store = storage();
  if (!store) return [];
  return Array.from({ length: store.length }, (_, i) => store.key(i)).filter((key): key is string => key?.startsWith(PREFIX) ?? false);
}

export function readDraft<T>(userId: number, form: string): T | undefined {
  const raw = storage()?.getItem(keyOf(userId, form));
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

export function writeDraft(userId: number, form: string, value: unknown): void {
  try {
    storage()?.setItem(keyOf(userId, form), JSON.stringify(value));
  } catch {
    // A full or refused storage only means the draft is not kept; typing goes on.
  }
}

export function removeDraft(userId: number, form: string): void {
  storage()?.removeItem(keyOf(userId, form));
}

/** Drafts kept for anyone but `userId` (everyone's when null) are removed. */
export function discardDraftsExcept(userId: number | null): void {
  const own = userId === null ? null : `${PREFIX}${userId}.`;
  for (const key of keys()) if (own === null || !key.startsWith(own)) storage()?.removeItem(key);
}

export function hasKeptDrafts(): boolean {
  return keys().length > 0;
}
