import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { AuditExportQuery } from '@rectify/shared';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from '../users/users.table.js';
import { auditLog } from './audit.table.js';

export type AuditInsert = typeof auditLog.$inferInsert;

/** The filters of a read, already resolved: `scopePath` is the caller's scope (none for the top committee). */
export interface AuditFilter extends Omit<AuditExportQuery, 'orgId'> {
  scopePath: string | null;
  orgPath?: string;
  timeZone: string;
}

const loginAction = sql`starts_with(${auditLog.action}, 'auth.login')`;

function conditions(f: AuditFilter): SQL[] {
  const where: SQL[] = [];
  if (f.scopePath) where.push(underPath(auditLog.orgPath, f.scopePath));
  if (f.orgPath) where.push(underPath(auditLog.orgPath, f.orgPath));
  if (f.userId) where.push(eq(auditLog.userId, f.userId));
  if (f.action) where.push(sql`(${auditLog.action} = ${f.action} OR starts_with(${auditLog.action}, ${f.action + '.'}))`);
  if (f.kind === 'login') where.push(loginAction);
  if (f.kind === 'operation') where.push(sql`NOT ${loginAction}`);
  // Days of the committee's calendar, `to` included.
  if (f.from) where.push(sql`${auditLog.at} >= (${f.from}::date)::timestamp AT TIME ZONE ${f.timeZone}`);
  if (f.to) where.push(sql`${auditLog.at} < (${f.to}::date + 1)::timestamp AT TIME ZONE ${f.timeZone}`);
  return where;
}

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  userId: auditLog.userId,
  username: auditLog.username,
  displayName: users.displayName,
  orgId: auditLog.orgId,
  orgName: orgs.name,
  action: auditLog.action,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  ip: auditLog.ip,
  userAgent: auditLog.userAgent,
  status: auditLog.status,
  detail: auditLog.detail,
};

/**
 * One audit row as an `INSERT … SELECT` written where `when` holds, for a CTE of the statement that makes the change
 * it records (see `request.auditInStatement`). Every value is a parameter, so the statement's text stays the same.
 */
export function auditInsertSql(row: AuditInsert, when: SQL): SQL {
  return sql`INSERT INTO ${auditLog} ("user_id", "username", "org_id", "org_path", "action", "target_type", "target_id", "ip", "user_agent", "status", "detail")
    SELECT ${row.userId ?? null}::int, ${row.username ?? null}::text, ${row.orgId ?? null}::int, ${row.orgPath ?? null}::text, ${row.action}::text,
      ${row.targetType ?? null}::text, ${row.targetId ?? null}::bigint, ${row.ip ?? null}::text, ${row.userAgent ?? null}::text, ${row.status}::smallint,
      ${row.detail === undefined || row.detail === null ? null : JSON.stringify(row.detail)}::jsonb
    WHERE ${when}`;
}

export function createAuditRepository({ db }: { db: DbOrTx }) {
  const select = () => db.select(columns).from(auditLog).leftJoin(users, eq(users.id, auditLog.userId)).leftJoin(orgs, eq(orgs.id, auditLog.orgId));

  return {
    async insert(row: AuditInsert) {
      await db.insert(auditLog).values(row);
    },

    async page(f: AuditFilter, { page, pageSize }: { page: number; pageSize: number }) {
      const where = and(...conditions(f));
      const rows = await select().where(where).orderBy(desc(auditLog.id)).limit(pageSize).offset((page - 1) * pageSize);
      const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where);
      return { rows, total };
    },

    /** The next batch below `beforeId`, newest first: the export walks the log by id rather than by offset. */
    async batch(f: AuditFilter, beforeId: number | null, limit: number) {
      const where = conditions(f);
      if (beforeId !== null) where.push(lt(auditLog.id, beforeId));
      return select().where(and(...where)).orderBy(desc(auditLog.id)).limit(limit);
    },

    /** Removes the records older than `months`; the trigger allows it only inside this transaction. */
    async prune(months: number, now: Date) {
      await db.execute(sql`SET LOCAL rectify.audit_prune = 'on'`);
      const removed = await db.delete(auditLog).where(sql`${auditLog.at} < ${now.toISOString()}::timestamptz - make_interval(months => ${months}::int)`).returning({ id: auditLog.id });
      return removed.length;
    },
  };
}
