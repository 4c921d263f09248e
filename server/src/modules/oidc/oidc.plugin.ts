import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createAuthService } from '../auth/auth.service.js';
import { createSignInService } from '../sign-in/sign-in.service.js';
import { createProviderCache, type ProviderOptions } from './oidc.provider.js';
import { createOidcService, type OidcService } from './oidc.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** OpenID Connect sign-in, shared by its routes and by sign-out (which may end the provider's session too). */
    oidc: OidcService;
  }
}

export default fp(
  async function oidcPlugin(fastify: FastifyInstance, options: ProviderOptions) {
    const { db, config, clock, log } = fastify;
    const auth = createAuthService({ db, config, clock, log, signAccessToken: fastify.signAccessToken });
    const signIn = createSignInService({ db });
    fastify.decorate('oidc', createOidcService({ db, clock, log, signIn, auth, providers: createProviderCache(options) }));
  },
  { name: 'oidc', dependencies: ['config', 'db', 'auth'] },
);
