import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorCatalog, errorResponses, OidcExchangeBody, Strict, TokenPair, type ErrorCode } from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';
import { redirectUriFor } from '../sign-in/sign-in.config.js';

const STATE_COOKIE = 'rectify_oidc_state';

/** A return path inside the app only: never another site. */
const safeReturn = (value: string | undefined) => (value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : null);

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Binds the sign-in to the browser that began it: a callback link opened elsewhere (login CSRF) carries no cookie. */
function stateCookie(request: FastifyRequest, value: string, maxAge: number) {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${STATE_COOKIE}=${value}; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

const toLogin = (reply: FastifyReply, error: ErrorCode) => reply.redirect(`/login?oidcError=${encodeURIComponent(error)}`, 302);

const oidcRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['auth'];
  const redirectUri = (request: FastifyRequest) => redirectUriFor({ publicUrl: process.env.PUBLIC_URL, requestOrigin: `${request.protocol}://${request.host}` });

  fastify.get('/api/auth/oidc/start', {
    config: { permission: 'public' },
    schema: { tags, summary: '跳转到统一身份认证登录', querystring: Strict({ returnTo: Type.Optional(Type.String({ maxLength: 500 })) }), response: { 302: Type.Null(), ...errorResponses } },
    handler: async (request, reply) => {
      try {
        const { url, state } = await fastify.oidc.start({ redirectUri: redirectUri(request), returnTo: safeReturn(request.query.returnTo) });
        return reply.header('set-cookie', stateCookie(request, state, 600)).redirect(url, 302);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return toLogin(reply, err.code);
      }
    },
  });

  fastify.get('/api/auth/oidc/callback', {
    config: { permission: 'public' },
    schema: {
      tags,
      summary: '统一身份认证的回调：校验后带一次性代码回到登录页',
      // What OpenID Connect providers send back (the code flow, RFC 9207's iss, session management, an error).
      querystring: Strict(
        Object.fromEntries(['state', 'code', 'iss', 'session_state', 'scope', 'error', 'error_description', 'error_uri'].map((name) => [name, Type.Optional(Type.String({ maxLength: 2000 }))])),
      ),
      response: { 302: Type.Null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      const query = new URLSearchParams(request.query as Record<string, string>);
      const result = await fastify.oidc.callback({ query, browserState: cookieValue(request, STATE_COOKIE), ip: request.ip });
      request.signInAudit = { username: result.username, method: 'oidc', status: result.error ? errorCatalog[result.error].status : 200 };
      reply.header('set-cookie', stateCookie(request, '', 0));
      if (result.error) return toLogin(reply, result.error);
      const redirect = result.returnTo ? `?redirect=${encodeURIComponent(result.returnTo)}` : '';
      // In the fragment: the one-time code reaches no server log and no Referer.
      return reply.redirect(`/login${redirect}#oidc=${result.handoff}`, 302);
    },
  });

  fastify.post('/api/auth/oidc/exchange', {
    config: { permission: 'public' },
    schema: { tags, summary: '用统一身份认证回调得到的一次性代码换取登录凭证', body: OidcExchangeBody, response: { 200: TokenPair, ...errorResponses } },
    handler: async (request) => fastify.oidc.exchange({ code: request.body.code, ip: request.ip }),
  });
};

export default oidcRoutes;
