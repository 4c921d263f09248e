import { type CreatedUser, type CreateUserBody, type Role, type UpdateUserBody, type User, type UserState } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { pgErrorCode } from '../../db/errors.js';
import { AppError } from '../../lib/app-error.js';
import { assertPasswordAllowed, hashPassword } from '../../lib/password.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { revokeAllRefreshTokens } from '../auth/auth.repository.js';
import { sessionCache } from '../../plugins/session-cache.js';
import { createOrgsService } from '../orgs/orgs.service.js';
import { createUsersRepository, type UserListRow } from './users.repository.js';
import { generateTemporaryPassword } from './temporary-password.js';

/** An administrator of a top-level organization (the committee): the last enabled one must stay. */
const isTopAdmin = (user: { role: string; disabled: boolean; orgPath: string }) =>
  user.role === 'admin' && !user.disabled && user.orgPath.split('/').filter(Boolean).length === 1;

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
    mustChangePassword: row.mustChangePassword,
    localSignIn: row.passwordLogin,
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

    /** `orgId` narrows to that organization and its subtree, within the caller's own. */
    async list(caller: AuthUser, query: { page?: number; pageSize?: number; orgId?: number; role?: Role; state?: UserState; q?: string }) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const scopePath = query.orgId ? (await orgsService.getScoped(caller, query.orgId)).org.path : caller.orgPath;
      const { users, total } = await createUsersRepository({ db }).list({ scopePath, role: query.role, state: query.state, q: query.q, limit: pageSize, offset: (page - 1) * pageSize });
      return { users: users.map(toUser), total };
    },

    /** The password is the administrator's or a generated one; either way the user replaces it at first sign-in. */
    async create(caller: AuthUser, body: CreateUserBody): Promise<{ user: CreatedUser }> {
      if (body.password !== undefined) await assertPasswordAllowed(body.password, { username: body.username });
      await orgsService.getScoped(caller, body.orgId);
      const temporaryPassword = body.password === undefined ? generateTemporaryPassword() : undefined;
      const passwordHash = await hashPassword(body.password ?? temporaryPassword!);
      try {
        const { id } = await createUsersRepository({ db }).insert({
          username: body.username,
          displayName: body.displayName,
          passwordHash,
          role: body.role,
          orgId: body.orgId,
          phone: body.phone ?? null,
          email: body.email ?? null,
          mustChangePassword: true,
          passwordLogin: body.localSignIn ?? true,
        });
        const { user } = await this.get(caller, id);
        return { user: temporaryPassword ? { ...user, temporaryPassword } : user };
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
      const removesAdmin = isTopAdmin(user) && (body.disabled === true || (body.role !== undefined && body.role !== 'admin') || (body.orgId !== undefined && body.orgId !== user.orgId));
      await db.transaction(async (tx) => {
        const repo = createUsersRepository({ db: tx });
        if (removesAdmin && (await repo.lockOtherTopAdmins({ orgId: user.orgId, exceptUserId: user.id })).count === 0) throw new AppError('users.last_admin');
        await repo.update(id, { displayName: body.displayName, role: body.role, orgId: body.orgId, phone: body.phone, email: body.email, disabled: body.disabled, passwordLogin: body.localSignIn });
        if (endsSessions) {
          await repo.bumpTokenVersion(id);
          await revokeAllRefreshTokens(tx, id);
        }
      });
      sessionCache(db).invalidate(id);
      return this.get(caller, id);
    },

    /** Ends the user's sessions; the new password (generated when none is given) must be changed at the next sign-in. */
    async resetPassword(caller: AuthUser, id: number, password?: string): Promise<{ temporaryPassword?: string }> {
      const { user: target } = await getScoped(caller, id);
      if (password !== undefined) await assertPasswordAllowed(password, { username: target.username });
      const temporaryPassword = password === undefined ? generateTemporaryPassword() : undefined;
      const passwordHash = await hashPassword(password ?? temporaryPassword!);
      await db.transaction(async (tx) => {
        const repo = createUsersRepository({ db: tx });
        await repo.update(id, { passwordHash, mustChangePassword: true });
        await repo.bumpTokenVersion(id);
        await revokeAllRefreshTokens(tx, id);
      });
      sessionCache(db).invalidate(id);
      return { temporaryPassword };
    },
  };
}
