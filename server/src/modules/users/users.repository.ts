import { and, asc, count, eq, ilike, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
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
  mustChangePassword: users.mustChangePassword,
  passwordLogin: users.passwordLogin,
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

    async list({ scopePath, role, state, q, limit, offset }: { scopePath: string; role?: string; state?: 'active' | 'disabled'; q?: string; limit: number; offset: number }) {
      const filters: SQL[] = [underPath(orgs.path, scopePath)];
      if (role) filters.push(eq(users.role, role));
      if (state) filters.push(eq(users.disabled, state === 'disabled'));
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

    /**
     * The other enabled administrators of a top-level organization, locked until the transaction ends: two
     * administrators removing each other at once cannot both see the other one still there.
     */
    async lockOtherTopAdmins({ orgId, exceptUserId }: { orgId: number; exceptUserId: number }) {
      const rows = await db
        .select({ id: users.id })
        .from(users)
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .where(and(eq(users.orgId, orgId), isNull(orgs.parentId), eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, exceptUserId)))
        .for('update', { of: users });
      return { count: rows.length };
    },

    /** Ends every session of the user: access tokens carry the version, refresh tokens are revoked. */
    async bumpTokenVersion(id: number) {
      await db.update(users).set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: sql`now()` }).where(eq(users.id, id));
    },
  };
}
