import { eq, sql } from 'drizzle-orm';
import { escalationSteps, type EscalationLadder, type EscalationRecordBody, type EscalationStep, type EscalationSuggestion, type LadderStep, type SuggestionQuery } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { pathInScope, underPath } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { itemHistory, items } from '../items/items.table.js';
import { openStatuses } from '../items/items.workflow.js';
import { createOrgsService } from '../orgs/orgs.service.js';
import { orgs } from '../orgs/orgs.table.js';
import { checkLadder, defaultLadder, suggestSql } from './escalation.ladder.js';
import { escalationByChildOf, escalationRecordsOf, escalationSummaryOf } from './escalation.records.js';
import { escalationLadders, escalationRecords } from './escalation.table.js';

interface Deps {
  db: Db;
  clock: Clock;
  timeZone: string;
  today(): string;
}

type SuggestionRow = Omit<EscalationSuggestion, 'taken'> & { taken: string[]; total: number };

export function createEscalationService({ db, clock, timeZone, today }: Deps) {
  const orgsService = createOrgsService({ db });

  async function ladderOf(committeeId: number): Promise<EscalationLadder> {
    const [row] = await db.select().from(escalationLadders).where(eq(escalationLadders.committeeId, committeeId));
    return { committeeId, steps: (row?.steps as LadderStep[] | undefined) ?? defaultLadder };
  }

  return {
    ladder: (user: AuthUser) => ladderOf(user.orgId),

    async saveLadder(user: AuthUser, steps: LadderStep[]) {
      const values = { steps: checkLadder(steps), updatedBy: user.id, updatedAt: clock.now() };
      await db.insert(escalationLadders).values({ committeeId: user.orgId, ...values }).onConflictDoUpdate({ target: escalationLadders.committeeId, set: values });
      return ladderOf(user.orgId);
    },

    /**
     * Every late open item in scope with the steps taken since its deadline passed (a 催办 naming it, 督办单 by colour
     * from its history, 约谈 and 问责建议 records) and the step the caller's ladder suggests next; the most severe first.
     */
    async suggestions(user: AuthUser, query: SuggestionQuery) {
      const scopePath = query.orgId ? (await orgsService.getScoped(user, query.orgId)).org.path : user.orgPath;
      const { steps } = await ladderOf(user.orgId);
      const day = today();
      const pageSize = query.pageSize ?? 20;
      const since = (column: string) => sql.raw(`(${column} AT TIME ZONE '${timeZone.replace(/'/g, '')}')::date > l.deadline`);
      const result = await db.execute<SuggestionRow>(sql`
        WITH l AS (
          SELECT i.id, i.code, i.title, i.org_id, o.name AS org_name, i.deadline, (${day}::date - i.deadline)::int AS days
          FROM items i JOIN orgs o ON o.id = i.org_id
          WHERE ${underPath(sql`o.path`, scopePath)} AND i.status IN ('issued', 'in_progress', 'closure_requested') AND i.deadline < ${day}::date
        ),
        urged AS (
          SELECT DISTINCT n.item_id FROM notifications n JOIN l ON l.id = n.item_id
          WHERE n.kind = 'item_urged' AND ${since('n.created_at')}
        ),
        f AS (
          SELECT l.*,
            (SELECT count(*) FROM notice_items ni JOIN notices n ON n.id = ni.notice_id WHERE ni.item_id = l.id AND n.status = 'issued')::int AS unanswered,
            array_remove(ARRAY[
              CASE WHEN EXISTS (SELECT 1 FROM urged u WHERE u.item_id = l.id) THEN 'remind' END,
              CASE WHEN EXISTS (SELECT 1 FROM item_history h WHERE h.item_id = l.id AND h.action = 'notice_issued' AND h.data->>'level' = 'blue' AND ${since('h.at')}) THEN 'notice_blue' END,
              CASE WHEN EXISTS (SELECT 1 FROM item_history h WHERE h.item_id = l.id AND h.action = 'notice_issued' AND h.data->>'level' = 'yellow' AND ${since('h.at')}) THEN 'notice_yellow' END,
              CASE WHEN EXISTS (SELECT 1 FROM item_history h WHERE h.item_id = l.id AND h.action = 'notice_issued' AND h.data->>'level' = 'red' AND ${since('h.at')}) THEN 'notice_red' END,
              CASE WHEN EXISTS (SELECT 1 FROM escalation_records e WHERE e.item_id = l.id AND e.kind = 'talk' AND ${since('e.created_at')}) THEN 'talk' END,
              CASE WHEN EXISTS (SELECT 1 FROM escalation_records e WHERE e.item_id = l.id AND e.kind = 'accountability' AND ${since('e.created_at')}) THEN 'accountability' END
            ], NULL) AS taken
          FROM l
        ),
        s AS (
          SELECT f.*, ${suggestSql(steps)} AS suggested
          FROM (SELECT f.*, COALESCE((SELECT max(array_position(${`{${escalationSteps.join(',')}}`}::text[], t)) - 1 FROM unnest(f.taken) t), -1) AS top FROM f) f
        )
        SELECT id AS "itemId", code, title, org_id AS "orgId", org_name AS "orgName", deadline::text AS deadline, days AS "daysOverdue",
          unanswered AS "unansweredNotices", taken, suggested, count(*) OVER ()::int AS total
        FROM s
        WHERE ${query.dueOnly ? sql`suggested IS NOT NULL` : sql`true`}
        ORDER BY array_position(${`{${escalationSteps.join(',')}}`}::text[], suggested) DESC NULLS LAST, days DESC, code
        LIMIT ${pageSize} OFFSET ${((query.page ?? 1) - 1) * pageSize}`);
      const rows = result.rows;
      return {
        items: rows.map(({ total: _total, ...r }) => ({ ...r, taken: r.taken as EscalationStep[], suggested: (r.suggested ?? null) as EscalationStep | null })),
        total: rows[0]?.total ?? 0,
      };
    },

    /** A 约谈 or 问责建议 on an open item in scope: a record of its own and a line in the item's history. */
    async record(user: AuthUser, body: EscalationRecordBody) {
      const [item] = await db.select({ id: items.id, orgId: items.orgId, status: items.status, path: orgs.path }).from(items).innerJoin(orgs, eq(orgs.id, items.orgId)).where(eq(items.id, body.itemId));
      if (!item || !pathInScope(user.orgPath, item.path)) throw new AppError('items.not_found');
      if (!openStatuses.includes(item.status as never)) throw new AppError('escalation.item_not_open');
      const heldOn = body.kind === 'talk' ? body.heldOn : null;
      if (heldOn && heldOn > today()) throw new AppError('escalation.held_on_invalid');
      const participants = body.kind === 'talk' ? body.participants.trim() : null;
      const at = clock.now();
      const id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(escalationRecords)
          .values({ itemId: item.id, orgId: item.orgId, kind: body.kind, heldOn, participants, content: body.content.trim(), createdBy: user.id, createdAt: at })
          .returning({ id: escalationRecords.id });
        await tx.insert(itemHistory).values({
          at,
          itemId: item.id,
          actorId: user.id,
          action: body.kind === 'talk' ? 'escalation_talk' : 'escalation_accountability',
          comment: body.content.trim(),
          data: { recordId: row.id, heldOn, participants },
        });
        return row.id;
      });
      const { items: [created] } = await escalationRecordsOf(db, { scopePath: user.orgPath, recordId: id, limit: 1, offset: 0 });
      return created;
    },

    /** The record of each organization directly under one in scope (the caller's own by default). */
    async byOrg(user: AuthUser, query: { orgId?: number }) {
      const { org } = await orgsService.getScoped(user, query.orgId ?? user.orgId);
      return { items: await escalationByChildOf(db, { scopePath: org.path, depth: org.path.split('/').filter(Boolean).length - 1 }) };
    },
    /** One 约谈 or 问责建议 in the caller's subtree; 404 otherwise. */
    async recordInScope(user: AuthUser, id: number) {
      const { items: [found] } = await escalationRecordsOf(db, { scopePath: user.orgPath, recordId: id, limit: 1, offset: 0 });
      if (!found) throw new AppError('escalation.not_found');
      return found;
    },
    /** An organization's record of escalations (its subtree), or an item's. */
    async records(user: AuthUser, query: { orgId?: number; itemId?: number; page?: number; pageSize?: number }) {
      const scopePath = query.orgId ? (await orgsService.getScoped(user, query.orgId)).org.path : user.orgPath;
      const pageSize = query.pageSize ?? 20;
      const page = await escalationRecordsOf(db, { scopePath, itemId: query.itemId, limit: pageSize, offset: ((query.page ?? 1) - 1) * pageSize });
      return { ...page, summary: await escalationSummaryOf(db, { scopePath }) };
    },
  };
}
