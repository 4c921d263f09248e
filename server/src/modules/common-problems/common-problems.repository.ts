import { and, asc, count, desc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { CommonProblemListQuery } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { categories } from '../categories/categories.table.js';
import { escapeLike, itemsUnderPath, lightSql, type LightContext } from '../items/items.query.js';
import { items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { rollupColumns, type RollupCounts } from '../reviews/reviews.rollup.js';
import { commonProblems } from './common-problems.table.js';

/** Seen by those whose scope holds the issuing committee, and by every organization holding one of its items. */
function visibleTo(scopePath: string): SQL {
  return sql`(${underPath(orgs.path, scopePath)} OR EXISTS (SELECT 1 FROM items i JOIN orgs o ON o.id = i.org_id
    WHERE i.common_problem_id = ${commonProblems.id} AND o.path LIKE ${`${scopePath}%`}))`;
}

export function createCommonProblemsRepository({ db }: { db: DbOrTx }) {
  const selectProblems = () =>
    db
      .select({ problem: commonProblems, categoryName: categories.name })
      .from(commonProblems)
      .innerJoin(orgs, eq(orgs.id, commonProblems.committeeId))
      .leftJoin(categories, eq(categories.id, commonProblems.categoryId));

  return {
    async insert(values: typeof commonProblems.$inferInsert) {
      const [row] = await db.insert(commonProblems).values(values).returning({ id: commonProblems.id });
      return { id: row.id };
    },

    async findVisible(id: number, scopePath: string) {
      const [row] = await selectProblems().where(and(eq(commonProblems.id, id), visibleTo(scopePath)));
      return { problem: row };
    },

    async list(query: CommonProblemListQuery, scopePath: string) {
      const filters = [visibleTo(scopePath)];
      if (query.reviewId) filters.push(eq(commonProblems.reviewId, query.reviewId));
      if (query.q?.trim()) filters.push(ilike(commonProblems.title, `%${escapeLike(query.q.trim())}%`));
      const where = and(...filters);
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const [rows, [{ total }]] = await Promise.all([
        selectProblems()
          .where(where)
          .orderBy(desc(commonProblems.createdAt), desc(commonProblems.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db.select({ total: count() }).from(commonProblems).innerJoin(orgs, eq(orgs.id, commonProblems.committeeId)).where(where),
      ]);
      return { rows, total };
    },

    /** The caller's items per common problem, counted, plus how many organizations they belong to. */
    async rollups(ids: number[], { scopePath, light }: { scopePath: string; light: LightContext }) {
      if (ids.length === 0) return { byProblem: new Map<number, RollupCounts & { organizations: number }>() };
      const rows = await db
        .select({ problemId: items.commonProblemId, organizations: sql<number>`count(DISTINCT ${items.orgId})::int`, ...rollupColumns(light) })
        .from(items)
        .where(and(inArray(items.commonProblemId, ids), itemsUnderPath(scopePath)))
        .groupBy(items.commonProblemId);
      return { byProblem: new Map(rows.map(({ problemId, ...counts }) => [problemId!, counts])) };
    },

    /** One row per organization: the caller's items of this common problem, in organization order. */
    async itemsOf(id: number, { scopePath, light }: { scopePath: string; light: LightContext }) {
      const rows = await db
        .select({
          orgId: items.orgId,
          orgName: orgs.name,
          itemId: items.id,
          code: items.code,
          status: items.status,
          light: lightSql(light),
          deadline: items.deadline,
          closedOn: items.closedOn,
          closedLate: items.closedLate,
        })
        .from(items)
        .innerJoin(orgs, eq(orgs.id, items.orgId))
        .where(and(eq(items.commonProblemId, id), itemsUnderPath(scopePath)))
        .orderBy(asc(orgs.path), asc(items.id));
      return { rows };
    },
  };
}
