import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';
import type { LightContext } from '../items/items.query.js';
import { lightSql } from '../items/items.query.js';
import { noticeCounters, noticeItems, notices } from './notices.table.js';

const repliers = alias(users, 'repliers');

export type NoticeRow = Awaited<ReturnType<ReturnType<typeof createNoticesRepository>['findById']>>['notice'] & {};

export function createNoticesRepository({ db }: { db: DbOrTx }) {
  function selectNotices() {
    return db
      .select({
        notice: notices,
        orgName: orgs.name,
        orgPath: orgs.path,
        issuedByName: users.displayName,
        repliedByName: repliers.displayName,
        itemCount: sql<number>`(SELECT count(*)::int FROM ${noticeItems} WHERE ${noticeItems.noticeId} = ${notices.id})`,
      })
      .from(notices)
      .innerJoin(orgs, eq(orgs.id, notices.orgId))
      .innerJoin(users, eq(users.id, notices.issuedBy))
      .leftJoin(repliers, eq(repliers.id, notices.repliedBy));
  }

  return {
    async findById(id: number) {
      const [notice] = await selectNotices().where(eq(notices.id, id));
      return { notice };
    },

    async list({ scopePath, filters, limit, offset }: { scopePath: string; filters: SQL[]; limit: number; offset: number }) {
      const where = and(underPath(orgs.path, scopePath), ...filters);
      const [rows, [{ total }]] = await Promise.all([
        selectNotices().where(where).orderBy(desc(notices.id)).limit(limit).offset(offset),
        db.select({ total: sql<number>`count(*)::int` }).from(notices).innerJoin(orgs, eq(orgs.id, notices.orgId)).where(where),
      ]);
      return { rows, total };
    },

    async items(noticeId: number) {
      const rows = await db.select().from(noticeItems).where(eq(noticeItems.noticeId, noticeId)).orderBy(noticeItems.seq);
      return { items: rows };
    },

    /** The next number of a committee's series for the year, taken with an upsert so concurrent notices never share one. */
    async nextSeq(committeeId: number, year: number) {
      const [row] = await db
        .insert(noticeCounters)
        .values({ committeeId, year, last: 1 })
        .onConflictDoUpdate({ target: [noticeCounters.committeeId, noticeCounters.year], set: { last: sql`${noticeCounters.last} + 1` } })
        .returning({ last: noticeCounters.last });
      return { seq: row.last };
    },

    async insert(values: typeof notices.$inferInsert) {
      const [row] = await db.insert(notices).values(values).returning({ id: notices.id });
      return { id: row.id };
    },

    /** Copies the items as they stand now into the notice, in one INSERT … SELECT. */
    async snapshotItems(noticeId: number, itemIds: number[], light: LightContext) {
      await db.execute(sql`
        INSERT INTO notice_items (notice_id, item_id, seq, code, title, org_name, deadline, status, light, days_overdue, responsible_person)
        SELECT ${noticeId}, items.id, row_number() OVER (ORDER BY items.deadline, items.code), items.code, items.title, o.name, items.deadline, items.status,
          ${lightSql(light)}, GREATEST(${light.today}::date - items.deadline, 0), items.responsible_person
        FROM items JOIN orgs o ON o.id = items.org_id
        WHERE items.id IN (SELECT unnest(${`{${itemIds.join(',')}}`}::bigint[]))`);
    },
  };
}
