import { and, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { itemsOf, type ReportSubject } from './rectification-reports.repository.js';
import { rectificationReportPeriods } from './rectification-reports.table.js';

export type PeriodRow = typeof rectificationReportPeriods.$inferSelect & { committeeName: string; committeePath: string };

/**
 * A committee's periods concern everyone under it (they are addressed to all its organizations), and those above it
 * who supervise it.
 */
function visibleTo(scopePath: string): SQL {
  return sql`(${underPath(orgs.path, scopePath)} OR ${scopePath} LIKE ${orgs.path} || '%')`;
}

const slashes = (path: string) => path.split('/').length - 1;

export function createReportPeriodsRepository({ db }: { db: DbOrTx }) {
  const select = () =>
    db
      .select({ period: rectificationReportPeriods, committeeName: orgs.name, committeePath: orgs.path })
      .from(rectificationReportPeriods)
      .innerJoin(orgs, eq(orgs.id, rectificationReportPeriods.committeeId));
  const flat = ({ period, ...rest }: { period: typeof rectificationReportPeriods.$inferSelect; committeeName: string; committeePath: string }): PeriodRow => ({ ...period, ...rest });

  return {
    async list(scopePath: string) {
      const rows = await select().where(visibleTo(scopePath)).orderBy(desc(rectificationReportPeriods.startsOn), desc(rectificationReportPeriods.id)).limit(200);
      return { periods: rows.map(flat) };
    },

    async findVisible(id: number, scopePath: string) {
      const [row] = await select().where(and(eq(rectificationReportPeriods.id, id), visibleTo(scopePath)));
      return { period: row ? flat(row) : undefined };
    },

    async insert(values: typeof rectificationReportPeriods.$inferInsert) {
      const [row] = await db.insert(rectificationReportPeriods).values(values).returning({ id: rectificationReportPeriods.id });
      return { id: row.id };
    },

    async setDue({ id, dueOn }: { id: number; dueOn: string | null }) {
      await db.update(rectificationReportPeriods).set({ dueOn }).where(eq(rectificationReportPeriods.id, id));
    },

    /**
     * The organizations that report for a period, with how many of its problems each holds: the committee's direct
     * organizations (党委, 党总支, directly attached branches), or the caller's own organization when it sits deeper.
     * Only organizations with problems in the period are expected to report.
     */
    async reporting({ committeePath, scopePath, subject }: { committeePath: string; scopePath: string; subject: ReportSubject }) {
      const base = scopePath.startsWith(committeePath) ? scopePath : committeePath;
      const depth = Math.max(slashes(committeePath) + 1, slashes(scopePath));
      // The reporting organization of an item is its ancestor at that depth: the id at that place of its path.
      const line = sql<number>`(string_to_array(${orgs.path}, '/'))[${depth}]::int`;
      const rows = await db
        .select({ orgId: line.as('line_org'), itemCount: sql<number>`count(*)::int` })
        .from(items)
        .innerJoin(orgs, eq(orgs.id, items.orgId))
        .where(and(itemsOf(subject), underPath(orgs.path, base), sql`length(${orgs.path}) - length(replace(${orgs.path}, '/', '')) >= ${depth}`, ne(items.status, 'cancelled')))
        .groupBy(sql`line_org`);
      if (rows.length === 0) return { lines: [] };
      const names = await db
        .select({ id: orgs.id, name: orgs.name, path: orgs.path })
        .from(orgs)
        .where(sql`${orgs.id} IN (${sql.join(rows.map((r) => sql`${r.orgId}`), sql`, `)})`);
      const byId = new Map(names.map((n) => [n.id, n]));
      const lines = rows
        .filter((r) => byId.has(r.orgId))
        .map((r) => ({ orgId: r.orgId, orgName: byId.get(r.orgId)!.name, path: byId.get(r.orgId)!.path, itemCount: r.itemCount }))
        .sort((a, b) => a.path.localeCompare(b.path));
      return { lines: lines.map(({ path: _path, ...rest }) => rest) };
    },
  };
}
