import { inArray, sql } from 'drizzle-orm';
import type { ReportRounds } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { categories } from '../categories/categories.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { dayStart, type Scope } from '../reports/reports.figures.js';
import type { MonthPeriod } from '../reports/reports.period.js';

const rate = (reopened: number, rechecked: number) => (rechecked === 0 ? null : Math.round((reopened / rechecked) * 10000) / 10000);

type Row = { gOrg: number; gCat: number; orgKey: number | null; categoryId: number | null; rechecked: number; reopened: number; firstRoundClosed: number; reopenedClosed: number; reopenedInMonth: number };

/**
 * First-round and later-round closures of the month and the 回头看 results up to its end, from the history alone
 * (a closure is of a later round when the item was reopened before it), so a past month's figures never move.
 */
export async function roundFigures(db: DbOrTx, { scope, period, timeZone }: { scope: Scope; period: MonthPeriod; timeZone: string }): Promise<ReportRounds> {
  const start = dayStart(period.firstDay, timeZone);
  const end = dayStart(period.nextFirstDay, timeZone);
  const childPosition = scope.depth + 3;
  const result = await db.execute<Row>(sql`
    WITH h AS (
      SELECT h.id, h.item_id, h.action, h.at, i.category_id,
        COALESCE(NULLIF(split_part(o.path, '/', ${childPosition}), '')::int, ${scope.id}) AS org_key
      FROM item_history h JOIN items i ON i.id = h.item_id JOIN orgs o ON o.id = i.org_id
      WHERE ${underPath(sql`o.path`, scope.path)} AND h.action IN ('approve_closure', 'reopened', 'recheck_confirmed') AND h.at < ${end}
    ),
    -- The first reopening of each item, joined by hash: a closure after it belongs to a later round.
    reopen AS (SELECT item_id, min(id) AS first_id FROM h WHERE action = 'reopened' GROUP BY item_id),
    e AS (
      SELECT h.*,
        (h.action = 'approve_closure' AND h.at >= ${start} AND (r.first_id IS NULL OR r.first_id > h.id)) AS first_close,
        (h.action = 'approve_closure' AND h.at >= ${start} AND r.first_id < h.id) AS later_close
      FROM h LEFT JOIN reopen r ON r.item_id = h.item_id
    )
    SELECT GROUPING(org_key)::int AS "gOrg", GROUPING(category_id)::int AS "gCat", org_key AS "orgKey", category_id AS "categoryId",
      count(*) FILTER (WHERE action IN ('reopened', 'recheck_confirmed'))::int AS rechecked,
      count(*) FILTER (WHERE action = 'reopened')::int AS reopened,
      count(*) FILTER (WHERE first_close)::int AS "firstRoundClosed",
      count(*) FILTER (WHERE later_close)::int AS "reopenedClosed",
      count(*) FILTER (WHERE action = 'reopened' AND at >= ${start})::int AS "reopenedInMonth"
    FROM e
    GROUP BY GROUPING SETS ((), (org_key), (category_id))`);
  const rows = result.rows;
  const total = rows.find((r) => r.gOrg === 1 && r.gCat === 1);
  const orgRows = rows.filter((r) => r.gOrg === 0 && r.rechecked > 0);
  const catRows = rows.filter((r) => r.gCat === 0 && r.rechecked > 0);
  const orgIds = orgRows.map((r) => r.orgKey!);
  const catIds = catRows.map((r) => r.categoryId).filter((id): id is number => id !== null);
  const orgNames = new Map((orgIds.length ? await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, orgIds)) : []).map((o) => [o.id, o.name]));
  const catNames = new Map((catIds.length ? await db.select({ id: categories.id, name: categories.name }).from(categories).where(inArray(categories.id, catIds)) : []).map((c) => [c.id, c.name]));
  const rechecked = total?.rechecked ?? 0;
  const reopened = total?.reopened ?? 0;
  return {
    firstRoundClosed: total?.firstRoundClosed ?? 0,
    reopenedClosed: total?.reopenedClosed ?? 0,
    reopenedInMonth: total?.reopenedInMonth ?? 0,
    rechecked,
    reopened,
    reboundRate: rate(reopened, rechecked),
    byOrg: orgRows
      .map((r) => ({ orgId: r.orgKey!, orgName: orgNames.get(r.orgKey!) ?? '', rechecked: r.rechecked, reopened: r.reopened, reboundRate: rate(r.reopened, r.rechecked) }))
      .sort((a, b) => b.reopened - a.reopened || a.orgName.localeCompare(b.orgName, 'zh-CN')),
    byCategory: catRows.map((r) => ({
      categoryId: r.categoryId,
      categoryName: r.categoryId === null ? null : (catNames.get(r.categoryId) ?? null),
      rechecked: r.rechecked,
      reopened: r.reopened,
      reboundRate: rate(r.reopened, r.rechecked),
    })),
  };
}
