import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { apiTokenPermissions, apiTokenPrefix, type ApiToken, type ApiTokenScope, type CreateApiTokenBody, type CreatedApiToken } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { pgErrorCode } from '../../db/errors.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { pathInScope } from '../../lib/scope.js';
import type { AuthUser } from '../../plugins/auth.js';
import { orgs } from '../orgs/orgs.table.js';
import { createApiTokensRepository } from './api-tokens.repository.js';

export const hashApiTokenSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** 32 random bytes, base64url: 43 characters after the prefix. */
const newSecret = () => apiTokenPrefix + randomBytes(32).toString('base64url');
/** Shown in the list: the prefix and four characters, enough to tell tokens apart and nowhere near enough to guess. */
const hintOf = (secret: string) => `${secret.slice(0, apiTokenPrefix.length + 4)}…`;

type Row = NonNullable<Awaited<ReturnType<ReturnType<typeof createApiTokensRepository>['findById']>>['token']>;

function toApiToken(row: Row, now: Date): ApiToken {
  const status = row.revokedAt ? 'revoked' : row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
  return {
    ...row,
    scope: row.scope as ApiTokenScope,
    permissions: row.permissions as ApiToken['permissions'],
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    status,
  };
}

export function createApiTokensService({ db, clock }: { db: Db; clock: Clock }) {
  const repo = createApiTokensRepository({ db });

  return {
    async list() {
      const now = clock.now();
      return { items: (await repo.list()).tokens.map((row) => toApiToken(row, now)) };
    },

    async create(actor: AuthUser, body: CreateApiTokenBody): Promise<CreatedApiToken> {
      const permissions = body.scope === 'read' ? [...apiTokenPermissions] : (body.permissions ?? []);
      if (permissions.length === 0) throw new AppError('api_tokens.permissions_required');
      const [org] = await db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, body.orgId));
      if (!org || !pathInScope(actor.orgPath, org.path)) throw new AppError('orgs.not_found');
      const secret = newSecret();
      const { id } = await repo
        .insert({
          name: body.name.trim(),
          tokenHash: hashApiTokenSecret(secret),
          hint: hintOf(secret),
          orgId: body.orgId,
          scope: body.scope,
          permissions,
          expiresAt: new Date(clock.now().getTime() + body.expiresInDays * 86_400_000),
          createdBy: actor.id,
        })
        .catch((err: unknown) => {
          if (pgErrorCode(err) === '23505') throw new AppError('api_tokens.name_taken');
          throw err;
        });
      const { token } = await repo.findById(id);
      return { token: toApiToken(token!, clock.now()), secret };
    },

    /** Revoking twice is not an error: the token is revoked either way. */
    async revoke(actor: AuthUser, id: number): Promise<ApiToken> {
      const { token: before } = await repo.findById(id);
      if (!before) throw new AppError('api_tokens.not_found');
      await repo.revoke(id, actor.id);
      const { token } = await repo.findById(id);
      return toApiToken(token!, clock.now());
    },
  };
}
