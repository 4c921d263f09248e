import { and, eq, gt, gte, ilike, inArray, isNotNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { itemStatuses, type ItemListQuery, type Light, type ReviewLevel } from '@rectify/shared';
import { addDays } from '../../lib/dates.js';
import { orgIdOfPath } from '../../lib/scope.js';
import { orgs } from '../orgs/orgs.table.js';
import { itemMeasures, items, itemSearch } from './items.table.js';
import { openStatuses } from './items.workflow.js';

export interface LightContext {
  today: string;
  yellowDays: number;
}

/** The deadline light, computed by the database for every row it returns. */
export function lightSql({ today, yellowDays }: LightContext): SQL<Light | null> {
  return sql<Light | null>`CASE
    WHEN ${items.status} IN ('closed', 'cancelled') THEN NULL
    WHEN ${items.deadline} < ${today}::date THEN 'red'
    WHEN ${items.deadline} <= ${addDays(today, yellowDays)}::date THEN 'yellow'
    ELSE 'green' END`;
}

/** A light as a condition on status and deadline, so the deadline indexes can serve it. */
export function lightCondition(light: Light, { today, yellowDays }: LightContext): SQL {
  const open = inArray(items.status, [...openStatuses]);
  const yellowUntil = addDays(today, yellowDays);
  if (light === 'red') return and(open, lt(items.deadline, today))!;
  if (light === 'yellow') return and(open, gte(items.deadline, today), lte(items.deadline, yellowUntil))!;
  return and(open, gt(items.deadline, yellowUntil))!;
}

/**
 * The list's default order: open items by deadline, the most pressing first, then the closed and cancelled ones.
 * One row value, so that a sort key stays one expression that `order` turns around.
 */
export const urgencyOrder: SQL = sql`ROW(${items.status} IN ('closed', 'cancelled'), ${items.deadline})`;

/**
 * The urgency order of a list whose filters keep only open items (or only finished ones) is the deadline's, and
 * said so it walks the deadline index and stops after a page; the row value would sort every match first. No index
 * names the status (migrations/0011), so the unfiltered list still sorts.
 */
export function urgencyOrderFor(query: ItemListQuery): SQL {
  return urgencyParts(query) ? urgencyOrder : sql`${items.deadline}`;
}

/**
 * The two parts of a list in urgency order, as status filters: the open statuses it asks for, then the finished
 * ones; null when its filters keep only one kind, where the order is the deadline's.
 */
export function urgencyParts(query: ItemListQuery): { open: string; finished: string } | null {
  const statuses = splitCsv(query.status, itemStatuses);
  const open = (s: string) => (openStatuses as readonly string[]).includes(s);
  const onlyOpen = splitCsv(query.light, ['green', 'yellow', 'red'] as const).length > 0 || query.overdue === true || (statuses.length > 0 && statuses.every(open));
  const onlyFinished = statuses.length > 0 && statuses.every((s) => !open(s));
  if (onlyOpen || onlyFinished) return null;
  const asked = statuses.length ? statuses : itemStatuses;
  return { open: asked.filter(open).join(','), finished: asked.filter((s) => !open(s)).join(',') };
}

export const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

export interface ScopeForm {
  /** The statement joins `orgs` on the item's organization. */
  orgsJoined?: boolean;
  /** The scope's organization has none below it: its items are those of its own id. */
  leaf?: boolean;
  /** The items the scope assists (协办) besides its own, if any (items-assist.query.ts). */
  assisted?: SQL | null;
}

/**
 * Items whose organization lies under a scope path: a semi-join on the indexed organization paths, or, where the
 * statement already joins each item's organization (`orgsJoined`), a condition on that joined path; for a `leaf`,
 * the organization's id.
 */
export function itemsUnderPath(scopePath: string, { orgsJoined = false, leaf = false }: ScopeForm = {}): SQL {
  if (!/^[\d/]+$/.test(scopePath)) throw new Error('invalid organization path');
  // A statement with a pattern match is planned on every execution (db/prepared-statements.ts); planning a leaf's
  // page cost three times running it. By its id, every leaf's page shares one plan, made once per connection.
  if (leaf) return sql`${items.orgId} = ${orgIdOfPath(scopePath)}`;
  // A whole committee is one indexed column; below it, the organizations' indexed paths as well, so that a page in
  // deadline order can walk the committee's deadline index and stop after a page, or start from the few
  // organizations of a small subtree, whichever the planner finds cheaper.
  const committee = sql`${items.committeeId} = ${Number(scopePath.split('/')[1])}`;
  if (/^\/\d+\/$/.test(scopePath)) return committee;
  // The joined form gives the planner one relation fewer to order: a statement with a pattern match is planned on
  // every execution (db/prepared-statements.ts), and the semi-join's extra relation cost more to plan than the page
  // to run.
  if (orgsJoined) return sql`${committee} AND ${orgs.path} LIKE ${scopePath + '%'}`;
  return sql`${committee} AND ${items.orgId} IN (SELECT ${orgs.id} FROM ${orgs} WHERE ${orgs.path} LIKE ${scopePath + '%'})`;
}

export const splitCsv = <T extends string>(value: string | undefined, allowed: readonly T[]): T[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v): v is T => (allowed as readonly string[]).includes(v));

/**
 * Requests waiting at one review level. A request stored without a level waits at the committee's (installations
 * without lower levels, and requests made before they were switched on).
 */
function waitingAtLevel(level: ReviewLevel, kind: ItemListQuery['awaiting']): SQL {
  const closure = sql`(${items.status} = 'closure_requested' AND COALESCE(${items.reviewLevel}, 'committee') = ${level})`;
  const extension = sql`(${items.pendingExtensionDeadline} IS NOT NULL AND ${items.status} NOT IN ('closed', 'cancelled') AND COALESCE(${items.extensionReviewLevel}, 'committee') = ${level})`;
  if (kind === 'closure') return closure;
  if (kind === 'extension') return extension;
  return sql`(${closure} OR ${extension})`;
}

/**
 * The WHERE clause of the ledger list, export and counts: scope first, then the caller's filters. `orgsJoined` and
 * `leaf` as in `itemsUnderPath`.
 */
export function itemFilters(query: ItemListQuery, { scopePath, light, ...form }: { scopePath: string; light: LightContext } & ScopeForm): SQL {
  const own = itemsUnderPath(scopePath, form);
  const filters: SQL[] = [form.assisted ? sql`(${own} OR ${form.assisted})` : own];
  const statuses = splitCsv(query.status, itemStatuses);
  if (statuses.length) filters.push(inArray(items.status, statuses));
  const lights = splitCsv(query.light, ['green', 'yellow', 'red'] as const);
  if (lights.length) filters.push(or(...lights.map((l) => lightCondition(l, light)))!);
  if (query.overdue !== undefined) {
    const red = lightCondition('red', light);
    filters.push(query.overdue ? red : sql`NOT (${red})`);
  }
  if (query.categoryId) filters.push(eq(items.categoryId, query.categoryId));
  if (query.source) filters.push(eq(items.source, query.source));
  if (query.type) filters.push(eq(items.type, query.type));
  if (query.reviewId) filters.push(eq(items.reviewId, query.reviewId));
  if (query.commonProblemId) filters.push(eq(items.commonProblemId, query.commonProblemId));
  if (query.awaiting === 'closure') filters.push(eq(items.status, 'closure_requested'));
  if (query.awaiting === 'extension') filters.push(isNotNull(items.pendingExtensionDeadline));
  if (query.reviewLevel) filters.push(waitingAtLevel(query.reviewLevel, query.awaiting));
  if (query.deadlineFrom) filters.push(gte(items.deadline, query.deadlineFrom));
  if (query.deadlineTo) filters.push(lte(items.deadline, query.deadlineTo));
  if (query.responsible?.trim()) {
    const like = `%${escapeLike(query.responsible.trim())}%`;
    filters.push(
      or(
        ilike(items.responsiblePerson, like),
        ilike(items.responsibleLeader, like),
        sql`EXISTS (SELECT 1 FROM ${itemMeasures} WHERE ${itemMeasures.itemId} = ${items.id} AND ${itemMeasures.responsiblePerson} ILIKE ${like})`,
      )!,
    );
  }
  // The text's trigram index lives in item_search (migration 0029).
  if (query.q?.trim()) filters.push(sql`${items.id} IN (SELECT ${itemSearch.itemId} FROM ${itemSearch} WHERE ${itemSearch.searchText} ILIKE ${`%${escapeLike(query.q.trim())}%`})`);
  return and(...filters)!;
}
