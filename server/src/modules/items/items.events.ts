import { sql, type SQL } from 'drizzle-orm';
import type { ItemAction, ItemStatus, ReviewLevel } from '@rectify/shared';
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
  /** After a closure or extension request or an endorsement: the level the request now waits at, and who asked. */
  awaiting?: { level: ReviewLevel; requesterId: number };
}

/** A listener hears the changes of one statement at once: one event, or every item a bulk insert created. */
export type ItemEventListener = (tx: Tx, events: readonly ItemEvent[]) => Promise<void>;

/**
 * A writer hears the same changes but answers with SQL: data-modifying statements (`INSERT … SELECT …`) that run as
 * common table expressions of one statement, each limited by `when`, a condition true only if the change took
 * effect. A step of the workflow embeds them in its own statement, so that the step, its history and what its
 * writers write are one round trip and commit or fail together.
 */
export type ItemEventWriter = (events: readonly ItemEvent[], when: SQL) => SQL[];

/** Statements as the CTEs of one `WITH`: `"<prefix>0" AS (…), "<prefix>1" AS (…)`. */
export const asCtes = (statements: readonly SQL[], prefix: string) =>
  sql.join(
    statements.map((statement, i) => sql`${sql.identifier(`${prefix}${i}`)} AS (${statement})`),
    sql`, `,
  );

/**
 * Listeners run inside the transaction that made the change, so what they write (queued notifications, say)
 * commits or rolls back with it. A listener must only write rows; slow or outbound work belongs to a queue.
 * A bulk change emits its events together, so that a listener can write them set-based: an import of 10,000
 * rows must not cost 10,000 round trips per listener.
 */
export function createItemEvents() {
  const listeners: ItemEventListener[] = [];
  const writers: ItemEventWriter[] = [];
  const writes = (events: readonly ItemEvent[], when: SQL = sql`true`) => (events.length === 0 ? [] : writers.flatMap((writer) => writer(events, when)));
  async function emitMany(tx: Tx, events: readonly ItemEvent[]) {
    if (events.length === 0) return;
    const statements = writes(events);
    if (statements.length > 0) await tx.execute(sql`WITH ${asCtes(statements, 'w')} SELECT 1`);
    await listen(tx, events);
  }
  async function listen(tx: Tx, events: readonly ItemEvent[]) {
    for (const listener of listeners) await listener(tx, events);
  }
  return {
    on(listener: ItemEventListener) {
      listeners.push(listener);
    },
    write(writer: ItemEventWriter) {
      writers.push(writer);
    },
    /** The writers' statements for changes a caller applies in a statement of its own (see `ItemEventWriter`). */
    writes,
    /** Whether a change must run its listeners: they need a transaction around the change; writers do not. */
    hasListeners: () => listeners.length > 0,
    /** The listeners alone, for a change that ran the writers' statements inside its own. */
    listen,
    emit: (tx: Tx, event: ItemEvent) => emitMany(tx, [event]),
    emitMany,
  };
}

export type ItemEvents = ReturnType<typeof createItemEvents>;
