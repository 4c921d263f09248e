import { sql } from 'drizzle-orm';
import type { AnswerSelfCheckBody, CreateSelfCheckBody, ItemStatus, SelfCheckListQuery, SelfCheckRequest, SelfCheckTask, SelfCheckTaskQuery } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import type { AuthUser } from '../../plugins/auth.js';
import { insertItemsBulk } from '../items-bulk/items-bulk.js';
import type { ItemEvents } from '../items/items.events.js';
import { recordHistory } from '../items/items.history.js';
import { createSelfChecksRepository, type AnswerRow, type TaskRow } from './self-checks.repository.js';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function toTask(row: TaskRow): SelfCheckTask {
  const { answerId, requestId, orgId, orgName, problem, note, deadline, answer, explanation, itemId } = row;
  return { answerId, requestId, orgId, orgName, problem, note, deadline, answer, explanation, itemId };
}

function toAnswer(row: AnswerRow) {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    answer: row.answer,
    explanation: row.explanation,
    item: row.itemId ? { id: row.itemId, code: row.itemCode!, status: row.itemStatus as ItemStatus } : null,
    answeredAt: iso(row.answeredAt),
  };
}

/**
 * 举一反三: a problem found in one organization is put to others, which check themselves and answer 存在 (and get an
 * item of their own, linked to the origin, issued like any new one) or 不存在 with what they checked. The committee
 * sees every answer and every silence of the organizations in its scope; an organization sees only what it is asked.
 */
export function createSelfChecksService({ db, today, events }: { db: Db; today: () => string; events?: ItemEvents }) {
  const repo = createSelfChecksRepository({ db });

  async function withAnswers(rows: Awaited<ReturnType<typeof repo.requests>>['rows'], scopePath: string): Promise<SelfCheckRequest[]> {
    const { rows: answers } = await repo.answers(
      rows.map((r) => r.id),
      scopePath,
    );
    return rows.map((r) => {
      const mine = answers.filter((a) => a.requestId === r.id);
      return {
        id: r.id,
        originItemId: r.originItemId,
        originCode: r.originCode,
        problem: r.problem,
        note: r.note,
        deadline: r.deadline,
        createdAt: iso(r.createdAt)!,
        asked: mine.length,
        answered: mine.filter((a) => a.answer !== null).length,
        exists: mine.filter((a) => a.answer === 'exists').length,
        answers: mine.map(toAnswer),
      };
    });
  }

  return {
    async create(user: AuthUser, itemId: number, body: CreateSelfCheckBody) {
      const { item } = await repo.originItem(itemId, user.orgPath);
      if (!item) throw new AppError('items.not_found');
      if (body.deadline < today()) throw new AppError('self_checks.deadline_invalid');
      const scope = { scopePath: user.orgPath, exceptOrgId: item.orgId };
      let orgIds: number[];
      if (body.scope === 'chosen') {
        const wanted = body.orgIds ?? [];
        ({ orgIds } = await repo.orgsWhere(sql`o.id = ANY (${sql.param(wanted)}::int[])`, scope));
        if (orgIds.length !== wanted.length) throw new AppError('self_checks.orgs_invalid');
      } else if (body.scope === 'siblings') {
        ({ orgIds } = item.parentId === null ? { orgIds: [] } : await repo.orgsWhere(sql`o.parent_id = ${item.parentId}`, scope));
      } else {
        const root = body.rootOrgId ?? user.orgId;
        ({ orgIds } = await repo.orgsWhere(sql`o.path LIKE (SELECT path FROM orgs WHERE id = ${root}) || '%'`, scope));
      }
      if (orgIds.length === 0) throw new AppError('self_checks.orgs_invalid');
      const problem = item.description.trim() || item.title;
      const { id } = await db.transaction(async (tx) => {
        const created = await createSelfChecksRepository({ db: tx }).insertRequest({
          originItemId: item.id,
          askedByOrgId: user.orgId,
          problem,
          note: body.note?.trim() || null,
          deadline: body.deadline,
          createdBy: user.id,
          orgIds,
        });
        await recordHistory(tx, {
          itemId: item.id,
          actorId: user.id,
          action: 'self_check_requested',
          comment: `举一反三：请 ${orgIds.length} 个单位对照自查，${body.deadline} 前答复`,
          data: { requestId: created.id, orgCount: orgIds.length, deadline: body.deadline },
        });
        return created;
      });
      const { rows } = await repo.requests({ scopePath: user.orgPath, originItemId: item.id, limit: 200, offset: 0 });
      return (await withAnswers(rows.filter((r) => r.id === id), user.orgPath))[0];
    },

    async forItem(user: AuthUser, itemId: number) {
      const { item } = await repo.originItem(itemId, user.orgPath);
      if (!item) throw new AppError('items.not_found');
      const { rows } = await repo.requests({ scopePath: user.orgPath, originItemId: itemId, limit: 200, offset: 0 });
      return { items: await withAnswers(rows, user.orgPath) };
    },

    async list(user: AuthUser, query: SelfCheckListQuery) {
      const pageSize = query.pageSize ?? 20;
      const { rows, total } = await repo.requests({ scopePath: user.orgPath, open: query.open, limit: pageSize, offset: ((query.page ?? 1) - 1) * pageSize });
      return { items: await withAnswers(rows, user.orgPath), total };
    },

    async tasks(user: AuthUser, query: SelfCheckTaskQuery) {
      const pageSize = query.pageSize ?? 20;
      const { rows, total } = await repo.tasks({ scopePath: user.orgPath, open: query.open, limit: pageSize, offset: ((query.page ?? 1) - 1) * pageSize });
      return { items: rows.map(toTask), total };
    },

    /** One organization's answer; 存在 creates its item in the same transaction. */
    async answer(user: AuthUser, answerId: number, body: AnswerSelfCheckBody) {
      const explanation = body.explanation?.trim() || null;
      if (body.answer === 'absent' && !explanation) throw new AppError('self_checks.explanation_required');
      const task = await db.transaction(async (tx) => {
        const txRepo = createSelfChecksRepository({ db: tx });
        const {
          rows: [row],
        } = await txRepo.tasks({ scopePath: user.orgPath, answerId, limit: 1, offset: 0, lock: true });
        if (!row) throw new AppError('self_checks.not_found');
        if (row.answer !== null) throw new AppError('self_checks.already_answered');
        let itemId: number | null = null;
        if (body.answer === 'exists') {
          const deadline = body.deadline ?? row.deadline;
          if (deadline < today()) throw new AppError('items.deadline_invalid');
          const { created } = await insertItemsBulk(tx, {
            items: [
              {
                org: { id: row.orgId, path: row.orgPath, shortName: row.orgShortName },
                source: 'self_inspection',
                categoryId: row.categoryId,
                description: body.description?.trim() || row.problem,
                deadline,
                type: body.type ?? 'deadline',
                remarks: explanation,
                historyData: { selfCheckRequestId: row.requestId, originItemId: row.originItemId },
              },
            ],
            actor: user,
            year: today().slice(0, 4),
            events,
          });
          itemId = created[0].id;
        }
        await txRepo.saveAnswer({ answerId, answer: body.answer, explanation, itemId, actorId: user.id });
        await recordHistory(tx, {
          itemId: row.originItemId,
          actorId: user.id,
          action: 'self_check_answered',
          comment: `${row.orgName}：${body.answer === 'exists' ? '存在' : '不存在'}`,
          data: { requestId: row.requestId, orgId: row.orgId, answer: body.answer, itemId },
        });
        return { ...row, answer: body.answer, explanation, itemId };
      });
      return { task: toTask(task) };
    },
  };
}
