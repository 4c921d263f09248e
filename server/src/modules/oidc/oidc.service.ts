import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import * as client from 'openid-client';
import type { ErrorCode, TokenPair } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/app-error.js';
import { hashPassword } from '../../lib/password.js';
import type { createAuthService } from '../auth/auth.service.js';
import { createUsersRepository } from '../users/users.repository.js';
import type { SignInService } from '../sign-in/sign-in.service.js';
import type { StoredOidc } from '../sign-in/sign-in.config.js';
import type { ProviderCache } from './oidc.provider.js';
import { createOidcRepository } from './oidc.repository.js';

// Long enough to type a password at the provider; the one-time code is collected by the page at once.
const TRANSACTION_MS = 10 * 60 * 1000;
const HANDOFF_MS = 60 * 1000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

interface Deps {
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  signIn: SignInService;
  auth: ReturnType<typeof createAuthService>;
  providers: ProviderCache;
}

/** A way the provider's round trip ended that the sign-in page explains; anything unforeseen is `auth.oidc_failed`. */
const codeOf = (err: unknown): ErrorCode => (err instanceof AppError ? err.code : 'auth.oidc_failed');

export function createOidcService({ db, clock, log, signIn, auth, providers }: Deps) {
  const repo = createOidcRepository({ db });

  async function provider(): Promise<{ settings: StoredOidc; config: client.Configuration }> {
    const settings = await signIn.oidc();
    const { methods } = await signIn.methods();
    if (!signIn.usable(settings) || !methods.some((m) => m.kind === 'oidc')) throw new AppError('auth.method_unavailable');
    try {
      return { settings, config: await providers.discover(settings) };
    } catch (err) {
      log.warn({ err, issuer: settings.issuer }, 'OpenID provider discovery failed');
      throw new AppError('auth.oidc_unavailable');
    }
  }

  /** The account the provider vouched for: ours if it exists, a new viewer where the administrator allowed that. */
  async function accountFor({ username, displayName, settings }: { username: string; displayName: string; settings: StoredOidc }) {
    const users = createUsersRepository({ db });
    const { user } = await users.findForLogin(username);
    if (user) return user;
    const { enabled, orgId } = settings.createAccounts;
    if (!enabled || orgId === null) throw new AppError('auth.account_not_found');
    // The account signs in through the provider only: its local password is random and switched off.
    await users.insert({ username, displayName: displayName || username, role: 'viewer', orgId, passwordHash: await hashPassword(randomBytes(32).toString('base64url')), passwordLogin: false });
    log.info({ username, orgId }, 'account created on first single sign-on');
    return (await users.findForLogin(username)).user;
  }

  return {
    /** Begins a sign-in: the state, nonce and PKCE verifier stay here; the browser goes to the provider. */
    async start({ redirectUri, returnTo }: { redirectUri: string; returnTo: string | null }) {
      const { settings, config } = await provider();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      await repo.sweep(clock.now());
      await repo.insertTransaction({ state, nonce, codeVerifier, redirectUri, returnTo, expiresAt: new Date(clock.now().getTime() + TRANSACTION_MS) });
      const scope = ['openid', ...settings.scopes.split(/\s+/).filter((s) => s && s !== 'openid')].join(' ');
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope,
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, state };
    },

    /**
     * The provider sent the browser back. The state must be one we issued to this browser (`browserState`, from its
     * cookie) and not yet used; openid-client then redeems the code with the PKCE verifier and checks the ID token.
     * Answers a one-time code for the page, or the error code to show; `username` names the account for the log.
     */
    async callback({ query, browserState, ip }: { query: URLSearchParams; browserState: string | undefined; ip: string }): Promise<{ handoff?: string; returnTo?: string | null; error?: ErrorCode; username: string | null }> {
      let username: string | null = null;
      try {
        const check = await auth.chargeSource({ ip, method: 'oidc' });
        const state = query.get('state') ?? '';
        const { transaction } = await repo.takeTransaction({ state, now: clock.now() });
        if (!transaction || !browserState || browserState !== state) throw new AppError('auth.oidc_state_invalid');
        const { settings, config } = await provider();
        const currentUrl = new URL(transaction.redirectUri);
        currentUrl.search = query.toString();
        let claims: Record<string, unknown>;
        let idToken: string;
        try {
          const tokens = await client.authorizationCodeGrant(config, currentUrl, {
            pkceCodeVerifier: transaction.codeVerifier,
            expectedState: transaction.state,
            expectedNonce: transaction.nonce,
            idTokenExpected: true,
          });
          claims = tokens.claims()!;
          idToken = tokens.id_token!;
          // Many providers put profile claims only in the userinfo answer; it must be about the ID token's subject.
          if (claims[settings.usernameClaim] === undefined && config.serverMetadata().userinfo_endpoint) {
            claims = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub as string)), ...claims };
          }
        } catch (err) {
          log.warn({ err, ip }, 'OpenID callback refused');
          throw new AppError('auth.oidc_failed');
        }
        const claimed = claims[settings.usernameClaim];
        if (typeof claimed !== 'string' || !claimed || claimed.length > 64) {
          log.warn({ claim: settings.usernameClaim, ip }, 'ID token lacks the username claim');
          throw new AppError('auth.oidc_failed');
        }
        username = claimed;
        const user = await accountFor({ username, displayName: typeof claims.name === 'string' ? claims.name : '', settings });
        await auth.admit({ user, method: 'oidc', ip, refusal: 'auth.account_disabled' });
        await check.refund();
        const handoff = randomBytes(32).toString('base64url');
        await repo.insertHandoff({ codeHash: sha256(handoff), userId: user.id, idToken, expiresAt: new Date(clock.now().getTime() + HANDOFF_MS) });
        return { handoff, returnTo: transaction.returnTo, username };
      } catch (err) {
        if (!(err instanceof AppError)) log.error({ err }, 'OpenID callback failed');
        return { error: codeOf(err), username };
      }
    },

    /** The page collects the session the callback prepared; a code works once, within a minute. */
    async exchange({ code, ip }: { code: string; ip: string }): Promise<TokenPair> {
      const check = await auth.chargeSource({ ip, method: 'oidc' });
      const { handoff } = await repo.takeHandoff({ codeHash: sha256(code), now: clock.now() });
      if (!handoff) throw new AppError('auth.oidc_code_invalid');
      await check.refund();
      const { user } = await createUsersRepository({ db }).findCredentialsById(handoff.userId);
      if (!user || user.disabled) throw new AppError('auth.account_disabled');
      const familyId = randomUUID();
      await repo.insertSession({ familyId, userId: user.id, idToken: handoff.idToken });
      return auth.issueSession({ user, familyId });
    },

    /**
     * Where to send the browser to end the provider's session as well, when the user came through the provider and it
     * offers RP-initiated logout; otherwise nothing, and only our session ends.
     */
    async providerLogoutUrl({ userId, postLogoutRedirectUri }: { userId: number; postLogoutRedirectUri: string }): Promise<string | undefined> {
      const { latest } = await repo.takeSessions(userId);
      if (!latest) return undefined;
      try {
        const { config } = await provider();
        if (!config.serverMetadata().end_session_endpoint) return undefined;
        return client.buildEndSessionUrl(config, { id_token_hint: latest.idToken, post_logout_redirect_uri: postLogoutRedirectUri }).href;
      } catch {
        // The provider is gone or switched off: our own sign-out stands on its own.
        return undefined;
      }
    },
  };
}

export type OidcService = ReturnType<typeof createOidcService>;
