import { sql } from 'drizzle-orm';
import type { AcknowledgeSummary } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { itemsUnderPath } from '../items/items.query.js';
import { firstDayWithinWindow, type AcknowledgeWindow } from '../items-acknowledge/items-acknowledge.window.js';

/**
 * 待签收, 逾期未签收 and 有异议 under a scope. An item is overdue when it has waited since a day before the first one
 * whose window still runs today (`firstDayWithinWindow`), so one bound on the day it was issued decides for every
 * item, whatever calendar lies between. Counted from the items: the prepared counts know statuses, not when an item
 * reached its organization.
 */
export async function acknowledgeSummaryOf(db: DbOrTx, { scopePath, window }: { scopePath: string; window: AcknowledgeWindow }): Promise<AcknowledgeSummary> {
  const firstDay = firstDayWithinWindow(window);
  const { rows } = await db.execute<{ waiting: number; overdue: number; objected: number }>(sql`
    SELECT count(*) FILTER (WHERE "status" = 'issued')::int AS "waiting",
      count(*) FILTER (WHERE "status" = 'issued' AND COALESCE("issued_at", "created_at") < (${firstDay}::timestamp AT TIME ZONE ${window.timeZone}))::int AS "overdue",
      count(*) FILTER (WHERE "status" = 'objected')::int AS "objected"
    FROM "items" WHERE ${itemsUnderPath(scopePath)} AND "status" IN ('issued', 'objected')`);
  return { asOf: window.today, ...rows[0] };
}
