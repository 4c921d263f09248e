import fp from 'fastify-plugin';
import jwt from '@fastify/jwt';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiTokenCan, principalCan, type Permission, type Role } from '@rectify/shared';
import { AppError } from '../lib/app-error.js';
import { users } from '../modules/users/users.table.js';
import { orgs } from '../modules/orgs/orgs.table.js';
import { refreshTokens } from '../modules/auth/auth.table.js';
import { sessionCache } from './session-cache.js';
import { createApiTokenAuthenticator, isApiTokenSecret } from '../modules/api-tokens/api-tokens.authenticate.js';

export const JWT_ISSUER = 'rectify';
export const JWT_AUDIENCE = 'rectify-api';

/** The authenticated caller; `orgPath` is their scope (their organization and everything below it). */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgId: number;
  orgPath: string;
  orgName: string;
  /**
   * Whether the caller's organization has no organizations below it, as of the session's last read (see
   * session-cache.ts): a leaf's ledger is read by the organization's id alone, a statement PostgreSQL plans once.
   */
  orgIsLeaf?: boolean;
  /**
   * Whether the caller's organization is the top committee (it has no parent). An administrator elsewhere is a
   * sub-committee administrator and holds none of `topCommitteePermissions`; unknown counts as not.
   */
  atTopCommittee?: boolean;
  /** The password is one an administrator set: only `passwordChangeRoutes` answer until the user replaces it. */
  mustChangePassword?: boolean;
  /** Set when the caller is another system with an API token: it may call only the routes of `permissions`. */
  apiToken?: { id: number; name: string; permissions: readonly string[] };
}

/** What a user still on an administrator's password may call: sign out, see who they are, change the password. */
export const passwordChangeRoutes: ReadonlySet<string> = new Set(['POST /api/auth/logout', 'GET /api/auth/me', 'POST /api/auth/password', 'GET /api/profile']);

interface AccessClaims {
  sub: string;
  tv: number;
  typ: 'access';
  /** The refresh chain (family) the token was issued in: revoking the chain ends the token too. */
  fam: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A chain stands while any of its refresh tokens is unrevoked: revoking a chain (or all of a user's) marks each one. */
const familyLive = (familyId: string) =>
  sql<boolean>`EXISTS (SELECT 1 FROM ${refreshTokens} WHERE ${refreshTokens.familyId} = ${familyId}::uuid AND ${refreshTokens.revokedAt} IS NULL)`;

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims;
    user: AuthUser;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route requires; `public` needs no login. Every /api route must name one. */
    permission?: Permission;
  }
  interface FastifyInstance {
    signAccessToken(user: { id: number; tokenVersion: number }, familyId: string): string;
    /** Every API route with the permission it names: the policy as the app actually serves it. */
    routePolicy: Array<{ method: string; url: string; permission: Permission }>;
  }
}

function jwtErrorCode(err: unknown): 'auth.token_expired' | 'auth.invalid_token' | 'auth.unauthenticated' {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'FST_JWT_NO_AUTHORIZATION_IN_HEADER') return 'auth.unauthenticated';
  if (code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED') return 'auth.token_expired';
  return 'auth.invalid_token';
}

async function authenticate(fastify: FastifyInstance, request: FastifyRequest): Promise<AuthUser> {
  let claims: AccessClaims;
  try {
    claims = await request.jwtVerify<AccessClaims>();
  } catch (err) {
    throw new AppError(jwtErrorCode(err));
  }
  if (claims.typ !== 'access' || !/^\d+$/.test(String(claims.sub)) || !Number.isInteger(claims.tv) || !uuidPattern.test(String(claims.fam))) {
    throw new AppError('auth.invalid_token');
  }
  const cache = sessionCache(fastify.db);
  const userId = Number(claims.sub);
  const cached = cache.get(userId);
  if (cached) {
    if (cached.disabled || cached.tokenVersion !== claims.tv) throw new AppError('auth.session_ended');
    let live = cache.familyLive(claims.fam);
    if (live === undefined) {
      const { rows } = await fastify.db.execute<{ live: boolean }>(sql`SELECT ${familyLive(claims.fam)} AS live`);
      live = rows[0]?.live === true;
      cache.setFamily(claims.fam, live);
    }
    if (!live) throw new AppError('auth.session_ended');
    return cached.user;
  }
  const [row] = await fastify.db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      orgId: users.orgId,
      orgPath: orgs.path,
      orgName: orgs.name,
      orgIsLeaf: sql<boolean>`NOT EXISTS (SELECT 1 FROM "orgs" "child" WHERE "child"."parent_id" = ${orgs.id})`,
      atTopCommittee: sql<boolean>`${orgs.parentId} IS NULL`,
      disabled: users.disabled,
      tokenVersion: users.tokenVersion,
      familyLive: familyLive(claims.fam),
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(eq(users.id, userId));
  if (!row) throw new AppError('auth.session_ended');
  const user: AuthUser = {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    orgId: row.orgId,
    orgPath: row.orgPath,
    orgName: row.orgName,
    orgIsLeaf: row.orgIsLeaf,
    atTopCommittee: row.atTopCommittee === true,
    mustChangePassword: row.mustChangePassword,
  };
  cache.set(userId, { user, tokenVersion: row.tokenVersion, disabled: row.disabled });
  // A chain this process has just ended stays ended even if the read raced the revocation.
  const live = row.familyLive === true && cache.familyLive(claims.fam) !== false;
  cache.setFamily(claims.fam, live);
  if (row.disabled || row.tokenVersion !== claims.tv || !live) throw new AppError('auth.session_ended');
  return user;
}

/**
 * Access tokens (HS256 pinned; exp, iat, iss and aud required) and the one place that enforces
 * each route's permission before its handler runs.
 */
export default fp(
  async function authPlugin(fastify: FastifyInstance) {
    await fastify.register(jwt, {
      secret: fastify.config.jwtSecret,
      sign: { algorithm: 'HS256', iss: JWT_ISSUER, aud: JWT_AUDIENCE, expiresIn: fastify.config.accessTokenTtlSeconds },
      verify: {
        algorithms: ['HS256'],
        allowedIss: JWT_ISSUER,
        allowedAud: JWT_AUDIENCE,
        requiredClaims: ['exp', 'iat', 'sub', 'iss', 'aud'],
        clockTimestamp: undefined,
        // A client sends the same access token with every request until it expires: verified once, its claims are
        // kept (by a hash of the token, never past its exp) instead of checking the signature again each time.
        // Whether the session still stands (logout, disabling, a revoked refresh chain) is checked on every request
        // all the same (session-cache.ts).
        cache: 1000,
      },
    });

    fastify.decorate('signAccessToken', (user: { id: number; tokenVersion: number }, familyId: string) =>
      fastify.jwt.sign({ sub: String(user.id), tv: user.tokenVersion, typ: 'access', fam: familyId }),
    );

    const routePolicy: FastifyInstance['routePolicy'] = [];
    fastify.decorate('routePolicy', routePolicy);
    fastify.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
      const permission = route.config?.permission;
      if (!permission) throw new Error(`Route ${route.method} ${route.url} names no permission`);
      for (const method of [route.method].flat()) if (method !== 'HEAD') routePolicy.push({ method, url: route.url, permission });
    });

    const authenticateApiToken = createApiTokenAuthenticator({ db: fastify.db, clock: fastify.clock, log: fastify.log });

    fastify.addHook('onRequest', async (request) => {
      const permission = request.routeOptions.config?.permission;
      if (!permission || permission === 'public') return;
      const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
      const user = isApiTokenSecret(bearer) ? await authenticateApiToken(bearer) : await authenticate(fastify, request);
      request.user = user;
      // Every later line of this request (a 404 out of scope, a failure) names who asked: the log is the audit trail.
      request.log = request.log.child(user.apiToken ? { apiTokenId: user.apiToken.id } : { userId: user.id });
      if (user.apiToken) {
        if (apiTokenCan(user.apiToken.permissions, permission)) return;
        request.log.warn({ apiTokenId: user.apiToken.id, permission, route: request.routeOptions.url }, 'authorization refused');
        throw new AppError('auth.forbidden');
      }
      if (user.mustChangePassword && !passwordChangeRoutes.has(`${request.method} ${request.routeOptions.url}`)) {
        throw new AppError('auth.password_change_required');
      }
      if (!principalCan({ role: user.role, atTopCommittee: user.atTopCommittee === true }, permission)) {
        request.log.warn({ userId: user.id, role: user.role, permission, route: request.routeOptions.url }, 'authorization refused');
        throw new AppError('auth.forbidden');
      }
    });
  },
  { name: 'auth', dependencies: ['config', 'db'] },
);
