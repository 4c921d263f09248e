import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { categories } from './categories.table.js';

/** Active categories in display order: the ones a new item may take, and the ones drafts and imports match against. */
export async function activeCategories(db: DbOrTx) {
  const rows = await db
    .select({ id: categories.id, name: categories.name, sortOrder: categories.sortOrder })
    .from(categories)
    .where(eq(categories.active, true))
    .orderBy(asc(categories.sortOrder), asc(categories.id));
  return { categories: rows };
}

/** Refuses any chosen category that does not exist or was retired; unset ones are allowed. One query for all. */
export async function assertActiveCategories(db: DbOrTx, ids: ReadonlyArray<number | null | undefined>) {
  const wanted = [...new Set(ids.filter((id): id is number => !!id))];
  if (wanted.length === 0) return;
  const rows = await db.select({ id: categories.id }).from(categories).where(and(inArray(categories.id, wanted), eq(categories.active, true)));
  if (rows.length !== wanted.length) throw new AppError('items.category_invalid');
}
