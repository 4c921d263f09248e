import { eq, sql } from 'drizzle-orm';
import type { ChannelType, NotificationKind } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { sendToChannel, type ChannelConfig, type OutboundOptions, type SendResult } from './channels.senders.js';
import type { OutboundMessage } from './notifications.notify.js';
import { deliveries, deliveryAttempts } from './notifications.table.js';

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 3600_000;
// Long enough for one batch of sends with their timeouts; a worker that dies mid-send frees its deliveries after it.
const LOCK_MS = 120_000;

/** Exponential back-off after the n-th failed attempt: 1, 2, 4, 8 … minutes, at most an hour. */
export const retryDelayMs = (attempt: number) => Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);

type Claimed = {
  id: number;
  kind: NotificationKind;
  payload: OutboundMessage;
  attempts: number;
  type: ChannelType;
  config: ChannelConfig;
  enabled: boolean;
}

/**
 * Sends what is due: claims a batch (SKIP LOCKED, so instances share the queue without sending anything twice),
 * sends outside any transaction, then records the attempt and the next try or the final state.
 */
export function createDeliveryWorker({ db, clock, outbound, batchSize = 20 }: { db: Db; clock: Clock; outbound: OutboundOptions; batchSize?: number }) {
  async function claim(now: Date): Promise<Claimed[]> {
    const at = now.toISOString();
    const result = await db.execute<Claimed>(sql`
      UPDATE deliveries d SET locked_until = ${at}::timestamptz + ${`${LOCK_MS} milliseconds`}::interval
      FROM notification_channels c
      WHERE c.id = d.channel_id AND d.id IN (
        SELECT id FROM deliveries
        WHERE status = 'pending' AND next_attempt_at <= ${at}::timestamptz AND (locked_until IS NULL OR locked_until < ${at}::timestamptz)
        ORDER BY next_attempt_at, id
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.kind, d.payload, d.attempts, c.type, c.config, c.enabled`);
    return result.rows;
  }

  /** `giveUp`: no retry will help (the channel was disabled since the message was queued). */
  async function record(delivery: Claimed, outcome: Pick<SendResult, 'ok' | 'detail'>, now: Date, giveUp = false) {
    const attempts = delivery.attempts + 1;
    const final = outcome.ok || giveUp || attempts >= MAX_ATTEMPTS;
    await db.transaction(async (tx) => {
      await tx.insert(deliveryAttempts).values({ deliveryId: delivery.id, at: now, ok: outcome.ok, detail: outcome.detail });
      await tx
        .update(deliveries)
        .set({
          attempts,
          status: outcome.ok ? 'sent' : final ? 'failed' : 'pending',
          sentAt: outcome.ok ? now : null,
          lastError: outcome.ok ? null : outcome.detail,
          nextAttemptAt: final ? null : new Date(now.getTime() + retryDelayMs(attempts)),
          lockedUntil: null,
        })
        .where(eq(deliveries.id, delivery.id));
    });
    return outcome.ok ? 'sent' : final ? 'failed' : 'retry';
  }

  return {
    /** One pass over the due deliveries; returns how each ended. */
    async runOnce() {
      const now = clock.now();
      const claimed = await claim(now);
      const outcomes = await Promise.all(
        claimed.map(async (delivery) => {
          if (!delivery.enabled) return record(delivery, { ok: false, detail: 'channel disabled' }, now, true);
          const outcome = await sendToChannel({ type: delivery.type, config: delivery.config, kind: delivery.kind, message: delivery.payload, deliveryId: delivery.id, now, outbound });
          return record(delivery, outcome, now);
        }),
      );
      return { sent: outcomes.filter((o) => o === 'sent').length, retry: outcomes.filter((o) => o === 'retry').length, failed: outcomes.filter((o) => o === 'failed').length };
    },
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
