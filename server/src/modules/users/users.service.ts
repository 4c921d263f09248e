import { isStrongPassword, type CreateUserBody, type Role, type UpdateUserBody, type User } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { pgErrorCode } from '../../db/errors.js';
import { AppError } from '../../lib/app-error.js';
import { hashPassword } from '../../lib/password.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { revokeAllRefreshTokens } from '../auth/auth.repository.js';
import { sessionCache } from '../../plugins/session-cache.js';
import { createOrgsService } from '../orgs/orgs.service.js';
import { createUsersRepository, type UserListRow } from './users.repository.js';

export function toUser(row: UserListRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    orgId: row.orgId,
    orgName: row.orgName,
    phone: row.phone,
    email: row.email,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
  };
}

export function createUsersService({ db }: { db: Db }) {
  const orgsService = createOrgsService({ db });

  async function getScoped(caller: AuthUser, id: number) {
    const { user } = await createUsersRepository({ db }).findById(id);
    if (!user || !pathInScope(caller.orgPath, user.orgPath)) throw new AppError('users.not_found');
    return { user };
  }

  return {
    async get(caller: AuthUser, id: number) {
      const { user } = await getScoped(caller, id);
      return { user: toUser(user) };
    },

    async list(caller: AuthUser, query: { page?: number; pageSize?: number; orgId?: number; role?: Role; q?: string }) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const scopePath = query.orgId ? (await orgsService.getScoped(caller, query.orgId)).org.path : caller.orgPath;
      const { users, total } = await createUsersRepository({ db }).list({ scopePath, role: query.role, q: query.q, limit: pageSize, offset: (page - 1) * pageSize });
      return { users: users.map(toUser), total };
    },

    async create(caller: AuthUser, body: CreateUserBody) {
      if (!isStrongPassword(body.password)) throw new AppError('auth.weak_password');
      await orgsService.getScoped(caller, body.orgId);
      const passwordHash = await hashPassword(body.password);
      try {
        const { id } = await createUsersRepository({ db }).insert({
          username: body.username,
          displayName: body.displayName,
          passwordHash,
          role: body.role,
          orgId: body.orgId,
          phone: body.phone ?? null,
          email: body.email ?? null,
        });
        return this.get(caller, id);
      } catch (err) {
        if (pgErrorCode(err) === '23505') throw new AppError('users.username_taken');
        throw err;
      }
    },

    async update(caller: AuthUser, id: number, body: UpdateUserBody) {
      const { user } = await getScoped(caller, id);
      if (body.orgId !== undefined) await orgsService.getScoped(caller, body.orgId);
      if (body.disabled && user.id === caller.id) throw new AppError('users.cannot_disable_self');
      // A change of role, scope or status changes what existing tokens would allow: end those sessions.
      const endsSessions =
        (body.disabled === true && !user.disabled) || (body.role !== undefined && body.role !== user.role) || (body.orgId !== undefined && body.orgId !== user.orgId);
      await db.transaction(async (tx) => {
        const repo = createUsersRepository({ db: tx });
        await repo.update(id, { displayName: body.displayName, role: body.role, orgId: body.orgId, phone: body.phone, email: body.email, disabled: body.disabled });
        if (endsSessions) {
          await repo.bumpTokenVersion(id);
          await revokeAllRefreshTokens(tx, id);
        }
      });
      sessionCache(db).invalidate(id);
      return this.get(caller, id);
    },

    async resetPassword(caller: AuthUser, id: number, password: string) {
      if (!isStrongPassword(password)) throw new AppError('auth.weak_password');
      await getScoped(caller, id);
      const passwordHash = await hashPassword(password);
      await db.transaction(async (tx) => {
        const repo = createUsersRepository({ db: tx });
        await repo.update(id, { passwordHash });
        await repo.bumpTokenVersion(id);
        await revokeAllRefreshTokens(tx, id);
      });
      sessionCache(db).invalidate(id);
    },
  };
}
