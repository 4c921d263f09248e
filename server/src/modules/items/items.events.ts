import type { ItemAction, ItemStatus } from '@rectify/shared';
import type { Tx } from '../../db/client.js';
import type { AuthUser } from '../../plugins/auth.js';

export interface ItemEvent {
  itemId: number;
  orgId: number;
  code: string;
  title: string;
  /** A workflow action, or `progress_added` / `evidence_added` / `created`. */
  action: ItemAction | 'created' | 'progress_added' | 'evidence_added';
  fromStatus: ItemStatus | null;
  toStatus: ItemStatus | null;
  comment: string | null;
  actor: Pick<AuthUser, 'id' | 'role' | 'displayName' | 'orgId'>;
}

export type ItemEventListener = (tx: Tx, event: ItemEvent) => Promise<void>;

/**
 * Listeners run inside the transaction that made the change, so what they write (queued notifications, say)
 * commits or rolls back with it. A listener must only write rows; slow or outbound work belongs to a queue.
 */
export function createItemEvents() {
  const listeners: ItemEventListener[] = [];
  return {
    on(listener: ItemEventListener) {
      listeners.push(listener);
    },
    async emit(tx: Tx, event: ItemEvent) {
      for (const listener of listeners) await listener(tx, event);
    },
  };
}

export type ItemEvents = ReturnType<typeof createItemEvents>;
