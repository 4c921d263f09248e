import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { underPath } from '../../lib/scope.js';
import { orgs } from '../orgs/orgs.table.js';
import { users } from './users.table.js';

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  orgId: users.orgId,
  orgName: orgs.name,
  orgPath: orgs.path,
  phone: users.phone,
  email: users.email,
  disabled: users.disabled,
  createdAt: users.createdAt,
};


export type UserListRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createUsersRepository>['findById']>>['user']>;

export function createUsersRepository({ db }: { db: DbOrTx }) {
  return {
    async findById(id: number) {
      const [user] = await db.select(userColumns).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).where(eq(users.id, id));
      return { user };
    },

    async findForLogin(username: string) {
      const [user] = await db.select().from(users).where(eq(users.username, username));
      return { user };
    },

    async findCredentialsById(id: number) {
      const [user] = await db.select().from(users).where(eq(users.id, id));
      return { user };
    },

    async list({ scopePath, orgId, role, q, limit, offset }: { scopePath: string; orgId?: number; role?: string; q?: string; limit: number; offset: number }) {
      const filters: SQL[] = [underPath(orgs.path, scopePath)];
      if (orgId) filters.push(eq(users.orgId, orgId));
      if (role) filters.push(eq(users.role, role));
      if (q) {
        const like = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
        filters.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
      }
      const where = and(...filters);
      const [rows, [{ total }]] = await Promise.all([
        db.select(userColumns).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).where(where).orderBy(asc(users.id)).limit(limit).offset(offset),
        db.select({ total: count() }).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).where(where),
      ]);
      return { users: rows, total };
    },

    async insert(values: typeof users.$inferInsert) {
      const [user] = await db.insert(users).values(values).returning({ id: users.id });
      return { id: user.id };
    },

    async update(id: number, values: Partial<typeof users.$inferInsert>) {
      await db.update(users).set({ ...values, updatedAt: sql`now()` }).where(eq(users.id, id));
    },

    /** Ends every session of the user: access tokens carry the version, refresh tokens are revoked. */
    async bumpTokenVersion(id: number) {
      await db.update(users).set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: sql`now()` }).where(eq(users.id, id));
    },
  };
}
