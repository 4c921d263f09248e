import type { FastifyBaseLogger } from 'fastify';
import { apiTokenPermissions, apiTokenPrefix } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthUser } from '../../plugins/auth.js';
import { createApiTokensRepository } from './api-tokens.repository.js';
import { hashApiTokenSecret } from './api-tokens.service.js';

const secretPattern = new RegExp(`^${apiTokenPrefix}[A-Za-z0-9_-]{43}$`);
/** Last use is written at most this often per token, so that a busy integration does not write on every request. */
export const lastUseIntervalMs = 60_000;

/** Whether a bearer credential is an API token rather than a session's access token. */
export const isApiTokenSecret = (credential: string) => credential.startsWith(apiTokenPrefix);

/**
 * Turns an API token's secret into the principal its requests run as: a reader (the `viewer` role, which every
 * module already confines to its subtree and to reading) of the token's organization and everything below it, with
 * `apiToken` naming the token and the permissions it was given. Read from the database on every request, so a
 * revocation takes effect at once on every instance. The lookup is by the secret's SHA-256: an equality match on
 * a hash reveals nothing about how close a guess came, unlike comparing secrets.
 */
export function createApiTokenAuthenticator({ db, clock, log }: { db: Db; clock: Clock; log: FastifyBaseLogger }) {
  const repo = createApiTokensRepository({ db });
  /** When this process last wrote each token's last use. */
  const written = new Map<number, number>();

  /** A failed write of the last use is logged and the request goes on: it is bookkeeping, not a check. */
  async function noteUse(id: number, lastUsedAt: Date | null, now: Date) {
    const last = Math.max(lastUsedAt?.getTime() ?? 0, written.get(id) ?? 0);
    if (now.getTime() - last < lastUseIntervalMs) return;
    if (written.size > 10_000) written.clear();
    written.set(id, now.getTime());
    await repo.touch(id, now).catch((err: unknown) => log.warn({ err, apiTokenId: id }, 'recording an API token’s last use failed'));
  }

  return async function authenticateApiToken(secret: string): Promise<AuthUser> {
    if (!secretPattern.test(secret)) throw new AppError('auth.invalid_token');
    const { token } = await repo.findForRequest(hashApiTokenSecret(secret));
    if (!token) throw new AppError('auth.invalid_token');
    if (token.revokedAt) throw new AppError('auth.api_token_revoked');
    const now = clock.now();
    if (token.expiresAt.getTime() <= now.getTime()) throw new AppError('auth.api_token_expired');
    await noteUse(token.id, token.lastUsedAt, now);
    return {
      // No user has a negative id: whatever a module looks up by the caller's id finds nothing of anyone's.
      id: -token.id,
      username: token.name,
      displayName: token.name,
      role: 'viewer',
      orgId: token.orgId,
      orgPath: token.orgPath,
      orgName: token.orgName,
      orgIsLeaf: token.orgIsLeaf,
      atTopCommittee: false,
      mustChangePassword: false,
      apiToken: { id: token.id, name: token.name, permissions: token.scope === 'read' ? apiTokenPermissions : token.permissions },
    };
  };
}
