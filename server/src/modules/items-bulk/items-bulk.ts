import { sql } from 'drizzle-orm';
import type { DeadlineBasis, ItemSource, ItemType, MeasureInput } from '@rectify/shared';
import type { Tx } from '../../db/client.js';
import type { AuthUser } from '../../plugins/auth.js';
import type { ItemEvents } from '../items/items.events.js';
import { searchTextOf, titleFrom } from '../items/items.mapper.js';
import { forgetAssisted } from '../items-assist/items-assist.cache.js';

/** One item to create; the organization is already checked to lie in the caller's scope. */
export interface NewItem {
  org: { id: number; path: string; shortName: string };
  source: ItemSource;
  reviewId?: number | null;
  commonProblemId?: number | null;
  categoryId?: number | null;
  title?: string | null;
  description: string;
  rootCause?: string | null;
  target?: string | null;
  responsibleLeader?: string | null;
  responsiblePerson?: string | null;
  deadline: string;
  type: ItemType;
  remarks?: string | null;
  measures?: MeasureInput[];
  /**
   * 工作日时限: the working days asked, counted from `from` (the day of issue), which `deadline` resolved to (provisional
   * without a calendar); `basis` 'acknowledge' counts them again when the item is signed for.
   */
  working?: { days: number; from: string; provisional: boolean; basis?: DeadlineBasis } | null;
  /** 协办: assisting organizations, already checked to lie in the caller's scope and the lead's committee. */
  assistOrgIds?: number[];
  /** Extra facts for the `created` history row (the import file and row, say). */
  historyData?: Record<string, unknown>;
}

export interface CreatedItem {
  id: number;
  code: string;
  orgId: number;
  title: string;
}

const trimmed = (value: string | null | undefined) => {
  const text = value?.trim();
  return text ? text : null;
};

/** Rows as returned by either driver: node-postgres gives `{ rows }`, PGlite the same shape through Drizzle. */
const rowsOf = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];

/**
 * Creates many items in one transaction with a handful of statements (codes, items, measures, history),
 * each an `unnest` over arrays, so 10,000 rows cost the same few round trips as ten.
 * Listeners on item events still hear about every item, inside the same transaction.
 */
export async function insertItemsBulk(tx: Tx, { items, actor, year, events }: { items: NewItem[]; actor: AuthUser; year: string; events?: ItemEvents }) {
  if (items.length === 0) return { created: [] as CreatedItem[] };

  // Codes: one upsert per prefix reserves a block of numbers, exactly as N single creates would.
  const prefixOf = (item: NewItem) => `${year}-${item.org.shortName}`;
  const counts = new Map<string, number>();
  for (const item of items) counts.set(prefixOf(item), (counts.get(prefixOf(item)) ?? 0) + 1);
  const reserved = rowsOf<{ prefix: string; last: number }>(
    await tx.execute(sql`
      INSERT INTO item_code_counters (prefix, last)
      SELECT * FROM unnest(${sql.param([...counts.keys()])}::text[], ${sql.param([...counts.values()])}::int[])
      ON CONFLICT (prefix) DO UPDATE SET last = item_code_counters.last + EXCLUDED.last
      RETURNING prefix, last`),
  );
  const next = new Map(reserved.map((r) => [r.prefix, Number(r.last) - counts.get(r.prefix)! + 1]));
  const codes = items.map((item) => {
    const prefix = prefixOf(item);
    const n = next.get(prefix)!;
    next.set(prefix, n + 1);
    return `${prefix}-${String(n).padStart(3, '0')}`;
  });

  const titles = items.map((item) => trimmed(item.title) ?? titleFrom(item.description));
  const descriptions = items.map((item) => item.description.trim());
  const measures = items.map((item) =>
    (item.measures ?? []).map((m) => ({ content: m.content.trim(), responsiblePerson: trimmed(m.responsiblePerson), deadline: m.deadline ?? null, status: m.status ?? 'not_started' })),
  );
  const column = <T>(pick: (item: NewItem, i: number) => T) => sql.param(items.map(pick));

  const inserted = rowsOf<{ id: number; code: string }>(
    await tx.execute(sql`
      INSERT INTO items (code, org_id, committee_id, source, review_id, common_problem_id, category_id, title, description,
        root_cause, target, responsible_leader, responsible_person, deadline, original_deadline, type, remarks, search_text,
        deadline_working_days, deadline_basis, deadline_from, deadline_provisional, created_by, updated_by)
      SELECT code, org_id, committee_id, source, review_id, common_problem_id, category_id, title, description,
        root_cause, target, responsible_leader, responsible_person, deadline, deadline, type, remarks, search_text,
        working_days, working_basis, working_from, COALESCE(provisional, false),
        ${actor.id}::int, ${actor.id}::int
      FROM unnest(
        ${sql.param(codes)}::text[], ${column((i) => i.org.id)}::int[], ${column((i) => Number(i.org.path.split('/')[1]))}::int[],
        ${column((i) => i.source)}::text[], ${column((i) => i.reviewId ?? null)}::bigint[], ${column((i) => i.commonProblemId ?? null)}::bigint[],
        ${column((i) => i.categoryId ?? null)}::int[], ${sql.param(titles)}::text[], ${sql.param(descriptions)}::text[],
        ${column((i) => trimmed(i.rootCause))}::text[], ${column((i) => trimmed(i.target))}::text[],
        ${column((i) => trimmed(i.responsibleLeader))}::text[], ${column((i) => trimmed(i.responsiblePerson))}::text[],
        ${column((i) => i.deadline)}::date[], ${column((i) => i.type)}::text[], ${column((i) => trimmed(i.remarks))}::text[],
        ${column((_, i) => searchTextOf({ title: titles[i], description: descriptions[i], measures: measures[i] }))}::text[],
        ${column((i) => i.working?.days ?? null)}::smallint[], ${column((i) => (i.working ? (i.working.basis ?? 'issue') : null))}::text[],
        ${column((i) => i.working?.from ?? null)}::date[], ${column((i) => i.working?.provisional ?? null)}::boolean[]
      ) AS t(code, org_id, committee_id, source, review_id, common_problem_id, category_id, title, description, root_cause, target,
        responsible_leader, responsible_person, deadline, type, remarks, search_text, working_days, working_basis, working_from, provisional)
      RETURNING id, code`),
  );
  const idByCode = new Map(inserted.map((r) => [r.code, Number(r.id)]));
  const ids = codes.map((code) => idByCode.get(code)!);

  const flat = measures.flatMap((list, i) => list.map((m, seq) => ({ itemId: ids[i], seq: seq + 1, ...m })));
  if (flat.length > 0) {
    await tx.execute(sql`
      INSERT INTO item_measures (item_id, seq, content, responsible_person, deadline, status)
      SELECT * FROM unnest(${sql.param(flat.map((m) => m.itemId))}::bigint[], ${sql.param(flat.map((m) => m.seq))}::smallint[],
        ${sql.param(flat.map((m) => m.content))}::text[], ${sql.param(flat.map((m) => m.responsiblePerson))}::text[],
        ${sql.param(flat.map((m) => m.deadline))}::date[], ${sql.param(flat.map((m) => m.status))}::text[])`);
  }

  const assists = items.flatMap((item, i) => (item.assistOrgIds ?? []).map((orgId) => ({ itemId: ids[i], orgId })));
  if (assists.length > 0) {
    forgetAssisted();
    await tx.execute(sql`
      INSERT INTO item_assist_orgs (item_id, org_id)
      SELECT * FROM unnest(${sql.param(assists.map((a) => a.itemId))}::bigint[], ${sql.param(assists.map((a) => a.orgId))}::int[])
      ON CONFLICT DO NOTHING`);
  }

  const history = items.map((item, i) =>
    JSON.stringify({ code: codes[i], orgId: item.org.id, deadline: item.deadline, ...(item.working ? { workingDays: item.working.days, ...(item.working.basis === 'acknowledge' ? { deadlineBasis: 'acknowledge' } : {}) } : {}), ...item.historyData }),
  );
  await tx.execute(sql`
    INSERT INTO item_history (item_id, actor_id, action, to_status, data)
    SELECT item_id, ${actor.id}::int, 'created', 'issued', data
    FROM unnest(${sql.param(ids)}::bigint[], ${sql.param(history)}::jsonb[]) AS t(item_id, data)`);

  await events?.emitMany(
    tx,
    items.map((item, i) => ({ itemId: ids[i], orgId: item.org.id, code: codes[i], title: titles[i], action: 'created' as const, fromStatus: null, toStatus: 'issued' as const, comment: null, actor })),
  );
  return { created: items.map((item, i): CreatedItem => ({ id: ids[i], code: codes[i], orgId: item.org.id, title: titles[i] })) };
}
