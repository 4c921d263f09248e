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

/** A listener hears the changes of one statement at once: one event, or every item a bulk insert created. */
export type ItemEventListener = (tx: Tx, events: readonly ItemEvent[]) => Promise<void>;

/**
 * Listeners run inside the transaction that made the change, so what they write (queued notifications, say)
 * commits or rolls back with it. A listener must only write rows; slow or outbound work belongs to a queue.
 * A bulk change emits its events together, so that a listener can write them set-based: an import of 10,000
 * rows must not cost 10,000 round trips per listener.
 */
export function createItemEvents() {
  const listeners: ItemEventListener[] = [];
  async function emitMany(tx: Tx, events: readonly ItemEvent[]) {
    if (events.length === 0) return;
    for (const listener of listeners) await listener(tx, events);
  }
  return {
    on(listener: ItemEventListener) {
      listeners.push(listener);
    },
    emit: (tx: Tx, event: ItemEvent) => emitMany(tx, [event]),
    emitMany,
  };
}

export type ItemEvents = ReturnType<typeof createItemEvents>;
