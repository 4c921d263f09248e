import { aliasedTable, and, asc, desc, eq, getTableColumns, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { evidence } from '../evidence/evidence.table.js';
import { itemsUnderPath } from '../items/items.query.js';
import { itemMeasures, itemProgress, items } from '../items/items.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';
import { rectificationReportDeadlines, rectificationReports } from './rectification-reports.table.js';

export type ReportKind = 'org' | 'summary';
/**
 * What a report answers for: the problems of one review, or those issued within a reporting period's dates (the
 * days as the committee counts them, in its time zone).
 */
export type ReportSubject = { reviewId: number } | { periodId: number; startsOn: string; endsOn: string; timeZone: string };
/** Whose reports: a review's or a period's. */
export type ReportOwner = { reviewId: number } | { periodId: number };

const reportsOf = (subject: ReportOwner) => ('reviewId' in subject ? eq(rectificationReports.reviewId, subject.reviewId) : eq(rectificationReports.periodId, subject.periodId));

/** The items a subject covers; callers add the subtree. An item counts for the period in which it was issued. */
export function itemsOf(subject: ReportSubject) {
  if ('reviewId' in subject) return eq(items.reviewId, subject.reviewId);
  const issued = sql`coalesce(${items.issuedAt}, ${items.createdAt})`;
  return sql`${issued} >= (${subject.startsOn}::date)::timestamp AT TIME ZONE ${subject.timeZone} AND ${issued} < (${subject.endsOn}::date + 1)::timestamp AT TIME ZONE ${subject.timeZone}`;
}
export type ReportRow = typeof rectificationReports.$inferSelect & { submittedByName: string; decidedByName: string | null };

/** One problem as a report tells it: what it is, what was done, where it stands, what proves it. */
export interface ReportProblem {
  id: number;
  code: string;
  orgName: string;
  title: string;
  description: string;
  type: string;
  status: string;
  deadline: string;
  closedOn: string | null;
  completionNote: string | null;
  measures: Array<{ content: string; responsiblePerson: string | null; deadline: string | null }>;
  progress: Array<{ entryDate: string; content: string }>;
  evidence: string[];
}

const submitter = aliasedTable(users, 'submitter');
const decider = aliasedTable(users, 'decider');

export function createRectificationReportsRepository({ db }: { db: DbOrTx }) {
  return {
    async deadline(reviewId: number) {
      const [row] = await db.select({ dueOn: rectificationReportDeadlines.dueOn }).from(rectificationReportDeadlines).where(eq(rectificationReportDeadlines.reviewId, reviewId));
      return { dueOn: row?.dueOn ?? null };
    },

    async setDeadline({ reviewId, dueOn, userId }: { reviewId: number; dueOn: string | null; userId: number }) {
      if (dueOn === null) {
        await db.delete(rectificationReportDeadlines).where(eq(rectificationReportDeadlines.reviewId, reviewId));
        return;
      }
      await db
        .insert(rectificationReportDeadlines)
        .values({ reviewId, dueOn, updatedBy: userId })
        .onConflictDoUpdate({ target: rectificationReportDeadlines.reviewId, set: { dueOn, updatedBy: userId, updatedAt: sql`now()` } });
    },

    /** Every upload of a review's (or period's) reports of one kind for these organizations, newest first. */
    async uploads({ kind, orgIds, ...subject }: ReportOwner & { kind: ReportKind; orgIds: number[] }): Promise<ReportRow[]> {
      if (orgIds.length === 0) return [];
      return db
        .select({ ...getTableColumns(rectificationReports), submittedByName: submitter.displayName, decidedByName: decider.displayName })
        .from(rectificationReports)
        .innerJoin(submitter, eq(submitter.id, rectificationReports.submittedBy))
        .leftJoin(decider, eq(decider.id, rectificationReports.decidedBy))
        .where(and(reportsOf(subject as ReportOwner), eq(rectificationReports.kind, kind), inArray(rectificationReports.orgId, orgIds)))
        .orderBy(desc(rectificationReports.id));
    },

    /** The report in force for one organization, locked when in a transaction that decides on it. */
    async current({ orgId, kind, lock = false, ...subject }: ReportOwner & { orgId: number; kind: ReportKind; lock?: boolean }) {
      const query = db
        .select()
        .from(rectificationReports)
        .where(and(reportsOf(subject as ReportOwner), eq(rectificationReports.orgId, orgId), eq(rectificationReports.kind, kind)))
        .orderBy(desc(rectificationReports.id))
        .limit(1);
      const [row] = lock ? await query.for('update') : await query;
      return { report: row };
    },

    async insert(values: typeof rectificationReports.$inferInsert) {
      const [row] = await db.insert(rectificationReports).values(values).returning({ id: rectificationReports.id });
      return { id: row.id };
    },

    async decide({ id, status, reason, userId }: { id: number; status: 'accepted' | 'returned'; reason: string | null; userId: number }) {
      await db.update(rectificationReports).set({ status, reason, decidedBy: userId, decidedAt: sql`now()` }).where(eq(rectificationReports.id, id));
    },

    /** How many of a review's (or period's) items, not cancelled, lie in an organization's subtree. */
    async itemCount({ path, ...subject }: ReportSubject & { path: string }) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(items)
        .where(and(itemsOf(subject as ReportSubject), itemsUnderPath(path), ne(items.status, 'cancelled')));
      return { count: row.n };
    },

    /**
     * A review's problems in one subtree, in code order, each with its measures, progress and evidence names. Read
     * through the subtree's organizations first, so an organization's report costs what its own few items do however
     * large the review.
     */
    async problems({ path, limit, ...subject }: ReportSubject & { path: string; limit: number }): Promise<ReportProblem[]> {
      const rows = await db
        .select({
          id: items.id,
          code: items.code,
          orgName: orgs.name,
          title: items.title,
          description: items.description,
          type: items.type,
          status: items.status,
          deadline: items.deadline,
          closedOn: items.closedOn,
          completionNote: items.completionNote,
        })
        .from(items)
        .innerJoin(orgs, eq(orgs.id, items.orgId))
        .where(and(itemsOf(subject as ReportSubject), itemsUnderPath(path, { orgsJoined: true }), ne(items.status, 'cancelled')))
        .orderBy(asc(orgs.path), asc(items.code))
        .limit(limit);
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return [];
      const [measures, progress, files] = await Promise.all([
        db
          .select({ itemId: itemMeasures.itemId, content: itemMeasures.content, responsiblePerson: itemMeasures.responsiblePerson, deadline: itemMeasures.deadline })
          .from(itemMeasures)
          .where(inArray(itemMeasures.itemId, ids))
          .orderBy(asc(itemMeasures.itemId), asc(itemMeasures.seq)),
        db
          .select({ itemId: itemProgress.itemId, entryDate: itemProgress.entryDate, content: itemProgress.content })
          .from(itemProgress)
          .where(inArray(itemProgress.itemId, ids))
          .orderBy(asc(itemProgress.itemId), asc(itemProgress.entryDate), asc(itemProgress.id)),
        db
          .select({ itemId: evidence.itemId, fileName: evidence.fileName })
          .from(evidence)
          .where(and(inArray(evidence.itemId, ids), sql`${evidence.removedAt} IS NULL AND ${evidence.escalationRecordId} IS NULL`))
          .orderBy(asc(evidence.itemId), asc(evidence.id)),
      ]);
      const group = <T extends { itemId: number }>(list: T[]) => {
        const map = new Map<number, Array<Omit<T, 'itemId'>>>();
        for (const { itemId, ...rest } of list) map.set(itemId, [...(map.get(itemId) ?? []), rest]);
        return map;
      };
      const [m, p, e] = [group(measures), group(progress), group(files)];
      return rows.map((r) => ({ ...r, measures: m.get(r.id) ?? [], progress: p.get(r.id) ?? [], evidence: (e.get(r.id) ?? []).map((f) => f.fileName) }));
    },

    /** Per organization of a subtree: the review's items by how they stand (see `completionOf`). */
    async countsByOrg({ reviewId, path, today }: { reviewId: number; path: string; today: string }) {
      return db
        .select({
          orgId: orgs.id,
          orgName: orgs.name,
          total: sql<number>`count(*)::int`,
          done: sql<number>`(count(*) FILTER (WHERE ${items.status} = 'closed'))::int`,
          notDone: sql<number>`(count(*) FILTER (WHERE ${items.status} <> 'closed' AND ${items.type} <> 'long_term' AND ${items.deadline} < ${today}::date))::int`,
        })
        .from(items)
        .innerJoin(orgs, eq(orgs.id, items.orgId))
        .where(and(eq(items.reviewId, reviewId), itemsUnderPath(path, { orgsJoined: true }), ne(items.status, 'cancelled')))
        .groupBy(orgs.id, orgs.name, orgs.path)
        .orderBy(asc(orgs.path));
    },

    /** A review's open problems past their deadline (long-term work excepted) in a subtree, the most overdue first. */
    async unfinished({ reviewId, path, today, limit }: { reviewId: number; path: string; today: string; limit: number }) {
      const where = and(
        eq(items.reviewId, reviewId),
        itemsUnderPath(path, { orgsJoined: true }),
        sql`${items.status} NOT IN ('closed', 'cancelled') AND ${items.type} <> 'long_term' AND ${items.deadline} < ${today}::date`,
      );
      const [rows, [{ n }]] = await Promise.all([
        db.select({ orgName: orgs.name, title: items.title, deadline: items.deadline }).from(items).innerJoin(orgs, eq(orgs.id, items.orgId)).where(where).orderBy(asc(items.deadline), asc(items.id)).limit(limit),
        db.select({ n: sql<number>`count(*)::int` }).from(items).innerJoin(orgs, eq(orgs.id, items.orgId)).where(where),
      ]);
      return { rows, total: n };
    },
  };
}
