import { inArray } from 'drizzle-orm';
import type { BatchItemsBody, CommonProblem, CommonProblemDetail, CommonProblemListQuery, CommonProblemOrg, ItemSource, ItemStatus, ItemType } from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { insertItemsBulk } from '../items-bulk/items-bulk.js';
import type { ItemsDeps } from '../items/items.service.js';
import { titleFrom } from '../items/items.mapper.js';
import type { LightContext } from '../items/items.query.js';
import { orgs as orgsTable } from '../orgs/orgs.table.js';
import { assertReviewLinkable } from '../reviews/reviews.link.js';
import { toRollup, type RollupCounts } from '../reviews/reviews.rollup.js';
import { assertActiveCategories } from '../categories/categories.service.js';
import { askedDeadline } from '../items/items.working-deadline.js';
import { createCommonProblemsRepository } from './common-problems.repository.js';
import type { commonProblems } from './common-problems.table.js';

type ProblemRow = { problem: typeof commonProblems.$inferSelect; categoryName: string | null };

function toCommonProblem(row: ProblemRow, counts?: RollupCounts & { organizations: number }): CommonProblem {
  const p = row.problem;
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    source: p.source as ItemSource,
    categoryId: p.categoryId,
    categoryName: row.categoryName,
    reviewId: p.reviewId,
    deadline: p.deadline,
    type: p.type as ItemType,
    committeeId: p.committeeId,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
    organizations: counts?.organizations ?? 0,
    rollup: toRollup(counts),
  };
}

function countRows(rows: CommonProblemOrg[]): RollupCounts & { organizations: number } {
  return {
    organizations: new Set(rows.map((r) => r.orgId)).size,
    total: rows.length,
    closed: rows.filter((r) => r.status === 'closed').length,
    closedLate: rows.filter((r) => r.status === 'closed' && r.closedLate).length,
    cancelled: rows.filter((r) => r.status === 'cancelled').length,
    overdue: rows.filter((r) => r.light === 'red').length,
  };
}

export function createCommonProblemsService({ db, settings, today, events }: ItemsDeps) {
  const repo = createCommonProblemsRepository({ db });
  const lightContext = async (): Promise<LightContext> => ({ today: today(), yellowDays: (await settings.windows(today())).yellowDays });

  return {
    /** One problem issued to many organizations: a common-problem record and one item each, all or nothing. */
    async batch(user: AuthUser, body: BatchItemsBody) {
      const day = today();
      const year = day.slice(0, 4);
      const title = body.title?.trim() || titleFrom(body.description);
      // N 个工作日 count from today, as for one item; counted from 签收, each organization's item is counted again on
      // the day that organization signs for it.
      const { deadlineWorkingDays: days, deadlineBasis: basis, ...asked } = body;
      const { deadline, working } = await askedDeadline({ db, day, deadline: body.deadline, days, basis });
      const result = await db.transaction(async (tx) => {
        const found = await tx
          .select({ id: orgsTable.id, name: orgsTable.name, path: orgsTable.path, shortName: orgsTable.shortName })
          .from(orgsTable)
          .where(inArray(orgsTable.id, body.orgIds));
        const inScope = found.filter((o) => pathInScope(user.orgPath, o.path));
        if (inScope.length !== body.orgIds.length) {
          const known = new Set(inScope.map((o) => o.id));
          throw new AppError('orgs.not_found', { details: { orgIds: body.orgIds.filter((id) => !known.has(id)) } });
        }
        const byId = new Map(inScope.map((o) => [o.id, o]));
        const targets = body.orgIds.map((id) => byId.get(id)!);
        await assertActiveCategories(tx, [body.categoryId]);
        await assertReviewLinkable({ db: tx, reviewId: body.reviewId, orgPath: targets.map((o) => o.path), scopePath: user.orgPath });
        const { id } = await createCommonProblemsRepository({ db: tx }).insert({
          committeeId: user.orgId,
          title,
          description: body.description.trim(),
          source: body.source,
          categoryId: body.categoryId ?? null,
          reviewId: body.reviewId ?? null,
          deadline,
          type: body.type,
          createdBy: user.id,
        });
        const { orgIds: _orgIds, ...common } = asked;
        const { created } = await insertItemsBulk(tx, {
          items: targets.map((org) => ({ ...common, deadline, working, title, org, commonProblemId: id, historyData: { commonProblemId: id } })),
          actor: user,
          year,
          events,
        });
        return { id, created, names: new Map(targets.map((o) => [o.id, o.name])) };
      });
      const { items: _items, overdue: _overdue, ...commonProblem } = await this.detail(user, result.id);
      return { commonProblem, items: result.created.map((c) => ({ id: c.id, code: c.code, orgId: c.orgId, orgName: result.names.get(c.orgId)! })) };
    },

    async list(user: AuthUser, query: CommonProblemListQuery) {
      const { rows, total } = await repo.list(query, user.orgPath);
      const { byProblem } = await repo.rollups(
        rows.map((r) => r.problem.id),
        { scopePath: user.orgPath, light: await lightContext() },
      );
      return { items: rows.map((row) => toCommonProblem(row, byProblem.get(row.problem.id))), total };
    },

    async detail(user: AuthUser, id: number): Promise<CommonProblemDetail> {
      const { problem } = await repo.findVisible(id, user.orgPath);
      if (!problem) throw new AppError('common_problems.not_found');
      const { rows } = await repo.itemsOf(id, { scopePath: user.orgPath, light: await lightContext() });
      const list: CommonProblemOrg[] = rows.map((r) => ({ ...r, status: r.status as ItemStatus }));
      return { ...toCommonProblem(problem, countRows(list)), items: list, overdue: list.filter((r) => r.light === 'red') };
    },
  };
}
