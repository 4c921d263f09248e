import { and, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { items } from '../items/items.table.js';

export interface ExistingItem {
  id: number;
  code: string;
  title: string;
  description: string;
}

const squeeze = (text: string) => text.replace(/\s+/g, '');

/** The items (not cancelled) an organization already holds from a review: what a second extraction would repeat. */
export async function itemsFromReview(db: DbOrTx, { reviewId, orgId }: { reviewId: number; orgId: number }) {
  const rows = await db
    .select({ id: items.id, code: items.code, title: items.title, description: items.description })
    .from(items)
    .where(and(eq(items.reviewId, reviewId), eq(items.orgId, orgId), ne(items.status, 'cancelled')))
    .orderBy(items.code);
  return { existing: rows };
}

/**
 * The item a draft repeats: the same problem text, or the same title, whitespace aside. Extraction is
 * deterministic, so extracting the same comment again gives exactly these.
 */
export function matchExisting(draft: { title?: string | null; description: string }, existing: ExistingItem[]): ExistingItem | null {
  const description = squeeze(draft.description);
  const title = squeeze(draft.title ?? '');
  return existing.find((e) => squeeze(e.description) === description || (title !== '' && squeeze(e.title) === title)) ?? null;
}
