import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { permissions, principalCan, type ErrorCode, type Me, type Permission, type Role, type TokenPair } from '@rectify/shared';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/app-error.js';
import { assertPasswordAllowed, dummyPasswordHash, hashPassword, verifyPassword } from '../../lib/password.js';
import type { AuthUser } from '../../plugins/auth.js';
import { createUsersRepository } from '../users/users.repository.js';
import { sessionCache } from '../../plugins/session-cache.js';
import { createAuthRepository, revokeAllRefreshTokens } from './auth.repository.js';
import { createLdapService } from '../ldap/ldap.service.js';

/** The ways a user can prove who they are; every sign-in record names one. */
export type SignInMethod = 'password' | 'oidc' | 'ldap';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The top committee's path is its own id alone (`/1/`): it has no parent. */
const isTopCommittee = (orgPath: string) => orgPath.split('/').filter(Boolean).length === 1;

/** What the caller may do, for the web to show: a sub-committee administrator lacks `topCommitteePermissions`. */
export function permissionsOf(principal: { role: Role; atTopCommittee: boolean }): string[] {
  return (Object.keys(permissions) as Permission[]).filter((p) => p !== 'public' && principalCan(principal, p));
}

interface Deps {
  db: Db;
  config: Config;
  clock: Clock;
  log: FastifyBaseLogger;
  signAccessToken(user: { id: number; tokenVersion: number }, familyId: string): string;
}

export function createAuthService({ db, config, clock, log, signAccessToken }: Deps) {
  // Takes the transaction when called inside one: PGlite has a single connection, so using `db` there would wait forever.
  async function me(userId: number, conn: DbOrTx = db): Promise<Me> {
    const { user } = await createUsersRepository({ db: conn }).findById(userId);
    const role = user.role as Role;
    return { id: user.id, username: user.username, displayName: user.displayName, role, orgId: user.orgId, orgName: user.orgName, permissions: permissionsOf({ role, atTopCommittee: isTopCommittee(user.orgPath) }), mustChangePassword: user.mustChangePassword };
  }

  async function issueTokens({ db: tx, user, familyId }: { db: DbOrTx; user: { id: number; tokenVersion: number }; familyId: string }): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    await createAuthRepository({ db: tx }).insertRefreshToken({
      tokenHash: sha256(refreshToken),
      familyId,
      userId: user.id,
      expiresAt: new Date(clock.now().getTime() + config.refreshTokenTtlSeconds * 1000),
    });
    return { accessToken: signAccessToken(user, familyId), refreshToken, expiresIn: config.accessTokenTtlSeconds, user: await me(user.id, tx) };
  }

  const ldap = createLdapService({ db, log });
  const limits = { accountSource: config.loginMaxFailures, source: config.loginSourceMaxFailures, account: config.loginAccountMaxFailures };
  const windowMs = config.loginWindowSeconds * 1000;
  let sweptBefore = 0;

  /**
   * Charges a password check to the sign-in limits before the (slow) verification, so that parallel guesses are
   * counted before any of them is verified; refuses with 429 past a limit. `refund()` when the password was right.
   */
  function chargeCheck({ username, ip }: { username: string; ip: string }) {
    return chargeCheckWith({ username, ip, limits });
  }

  async function chargeCheckWith({ username, ip, limits }: { username: string; ip: string; limits: { accountSource: number; source: number; account: number } }) {
    const now = clock.now().getTime();
    const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
    const authRepo = createAuthRepository({ db });
    // Once per window and process, the windows before the previous one are forgotten.
    if (windowStart.getTime() > sweptBefore) {
      sweptBefore = windowStart.getTime();
      await authRepo.deleteThrottleBefore(new Date(sweptBefore - windowMs));
    }
    const { refusedBy } = await authRepo.chargeCheck({ username, ip, windowStart, limits });
    if (refusedBy) {
      log.warn({ username, ip, limit: refusedBy }, 'login refused: too many failures');
      const retryAfterSeconds = Math.ceil((windowStart.getTime() + windowMs - now) / 1000);
      throw new AppError('auth.too_many_attempts', { retryAfterSeconds, details: { retryAfterSeconds } });
    }
    return { refund: () => authRepo.refundCheck({ username, ip, windowStart }) };
  }

  /**
   * Charges a sign-in that types no password (the single sign-on callback and its one-time code) to the source
   * address' limit: a failed or replayed round trip counts like a wrong password there, a good one is refunded.
   * The way in stands as the account name, with the source's own ceiling, so one address's failures refuse only it.
   */
  function chargeSource({ ip, method }: { ip: string; method: SignInMethod }) {
    return chargeCheckWith({ username: `(${method})`, ip, limits: { accountSource: limits.source, source: limits.source, account: 2 ** 31 - 1 } });
  }

  /**
   * A user some way in (password, directory, single sign-on) has just authenticated: refuses a disabled account with
   * `refusal`, records the sign-in either way. Every way in passes here, so they share the record and the rules.
   */
  async function admit({ user, method, ip, refusal = 'auth.invalid_credentials' }: { user: { id: number; username: string; disabled: boolean }; method: SignInMethod; ip: string; refusal?: ErrorCode }) {
    const authRepo = createAuthRepository({ db });
    if (user.disabled) {
      await authRepo.recordAttempt({ username: user.username, ip, success: false, reason: method === 'password' ? 'disabled' : `${method}:disabled` });
      log.warn({ username: user.username, ip, method, reason: 'disabled' }, 'login failed');
      throw new AppError(refusal);
    }
    await authRepo.recordAttempt({ username: user.username, ip, success: true, reason: method === 'password' ? undefined : method });
    log.info({ userId: user.id, username: user.username, ip, method }, 'login succeeded');
  }

  return {
    me: (userId: number) => me(userId),
    admit,
    chargeSource,

    /** Starts a session for a user already admitted; `familyId` names it for whoever keeps more about it. */
    issueSession: ({ user, familyId = randomUUID() }: { user: { id: number; tokenVersion: number }; familyId?: string }) => issueTokens({ db, user, familyId }),

    /** Admits a user another way in authenticated and issues their session, as a password sign-in does. */
    async signInVerified({ user, method, ip, refusal }: { user: { id: number; username: string; disabled: boolean; tokenVersion: number }; method: SignInMethod; ip: string; refusal?: ErrorCode }): Promise<TokenPair> {
      await admit({ user, method, ip, refusal });
      return issueTokens({ db, user, familyId: randomUUID() });
    },

    async login({ username, password, ip, method = 'password' }: { username: string; password: string; ip: string; method?: 'password' | 'ldap' }): Promise<TokenPair> {
      if (method === 'ldap') {
        const signInVerified = async ({ user }: { user: { id: number; username: string; disabled: boolean; tokenVersion: number } }) => {
          await admit({ user, method: 'ldap', ip, refusal: 'auth.account_disabled' });
          return issueTokens({ db, user, familyId: randomUUID() });
        };
        return ldap.signIn({ username, password, ip }, { charge: chargeCheck, signInVerified });
      }
      const check = await chargeCheck({ username, ip });
      const { user } = await createUsersRepository({ db }).findForLogin(username);
      const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
      if (!user || !ok) {
        const reason = !user ? 'unknown_user' : 'wrong_password';
        await createAuthRepository({ db }).recordAttempt({ username, ip, success: false, reason });
        log.warn({ username, ip, reason }, 'login failed');
        throw new AppError('auth.invalid_credentials');
      }
      // A disabled account's right password stays counted, as before the account was admitted or refused.
      if (!user.disabled) await check.refund();
      // Said only to whoever knows the password: an SSO-only account is not revealed to a guesser.
      if (!user.passwordLogin && !user.disabled) {
        await createAuthRepository({ db }).recordAttempt({ username, ip, success: false, reason: 'password_login_disabled' });
        throw new AppError('auth.password_login_disabled');
      }
      await admit({ user, method: 'password', ip });
      return issueTokens({ db, user, familyId: randomUUID() });
    },

    async refresh(refreshToken: string): Promise<TokenPair> {
      return db.transaction(async (tx) => {
        const authRepo = createAuthRepository({ db: tx });
        const { token } = await authRepo.findRefreshToken(sha256(refreshToken));
        if (!token || token.revokedAt) throw new AppError('auth.refresh_invalid');
        if (token.usedAt || !(await authRepo.consumeRefreshToken(token.id)).consumed) {
          // A used token presented again means it leaked: end the whole chain it belongs to.
          await authRepo.revokeFamily(token.familyId);
          log.warn({ userId: token.userId, familyId: token.familyId }, 'refresh token reused; family revoked');
          return { reused: true as const, familyId: token.familyId };
        }
        if (token.expiresAt.getTime() <= clock.now().getTime()) throw new AppError('auth.refresh_invalid');
        const { user } = await createUsersRepository({ db: tx }).findCredentialsById(token.userId);
        if (!user || user.disabled) throw new AppError('auth.refresh_invalid');
        return issueTokens({ db: tx, user, familyId: token.familyId });
      }).then((result) => {
        // Thrown after the commit so that the family's revocation is kept.
        if ('reused' in result) {
          // The chain's access tokens end with it: at once in this process, within the cache window elsewhere.
          sessionCache(db).endFamily(result.familyId);
          throw new AppError('auth.refresh_reused');
        }
        return result;
      });
    },

    async logout(user: AuthUser) {
      await db.transaction(async (tx) => {
        await createUsersRepository({ db: tx }).bumpTokenVersion(user.id);
        await revokeAllRefreshTokens(tx, user.id);
      });
      sessionCache(db).invalidate(user.id);
    },

    /** The old password is a password check like a sign-in: the same counters limit guesses made through here. */
    async changePassword(caller: AuthUser, { oldPassword, newPassword, ip }: { oldPassword: string; newPassword: string; ip: string }): Promise<TokenPair> {
      await assertPasswordAllowed(newPassword, { username: caller.username });
      const check = await chargeCheck({ username: caller.username, ip });
      const { user } = await createUsersRepository({ db }).findForLogin(caller.username);
      if (!(await verifyPassword(user.passwordHash, oldPassword))) {
        log.warn({ userId: user.id, username: user.username, ip }, 'password change refused: wrong old password');
        throw new AppError('auth.wrong_password');
      }
      await check.refund();
      // Keeping a temporary password an administrator has seen would defeat the forced change.
      if (newPassword === oldPassword) throw new AppError('auth.password_unchanged');
      const passwordHash = await hashPassword(newPassword);
      const tokens = await db.transaction(async (tx) => {
        const txRepo = createUsersRepository({ db: tx });
        await txRepo.update(user.id, { passwordHash, mustChangePassword: false });
        await txRepo.bumpTokenVersion(user.id);
        await revokeAllRefreshTokens(tx, user.id);
        // The session that changed the password continues with fresh tokens; every other one ends.
        return issueTokens({ db: tx, user: { id: user.id, tokenVersion: user.tokenVersion + 1 }, familyId: randomUUID() });
      });
      sessionCache(db).invalidate(user.id);
      return tokens;
    },
  };
}
