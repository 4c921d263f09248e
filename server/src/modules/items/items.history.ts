import type { DbOrTx } from '../../db/client.js';
import { itemHistory } from './items.table.js';

export interface HistoryInput {
  itemId: number;
  actorId: number | null;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  comment?: string | null;
  changes?: Record<string, { before: unknown; after: unknown }> | null;
  data?: Record<string, unknown> | null;
}

/** Appends to an item's history; call it inside the transaction that makes the change. */
export async function recordHistory(db: DbOrTx, entries: HistoryInput | HistoryInput[]) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db.insert(itemHistory).values(
    list.map((e) => ({
      itemId: e.itemId,
      actorId: e.actorId,
      action: e.action,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      comment: e.comment ?? null,
      changes: e.changes ?? null,
      data: e.data ?? null,
    })),
  );
}
