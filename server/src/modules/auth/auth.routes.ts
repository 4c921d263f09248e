import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChangePasswordBody, errorResponses, LoginBody, LogoutBody, LogoutResult, Me, RefreshBody, TokenPair } from '@rectify/shared';
import { redirectUriFor } from '../sign-in/sign-in.config.js';
import { createAuthService } from './auth.service.js';

const authRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createAuthService({ db: fastify.db, config: fastify.config, clock: fastify.clock, log: fastify.log, signAccessToken: fastify.signAccessToken });
  const tags = ['auth'];

  fastify.post('/api/auth/login', {
    config: { permission: 'public' },
    schema: { tags, summary: '登录', body: LoginBody, response: { 200: TokenPair, ...errorResponses } },
    handler: async (request) => service.login({ ...request.body, ip: request.ip }),
  });

  fastify.post('/api/auth/refresh', {
    config: { permission: 'public' },
    schema: { tags, summary: '用一次性刷新凭证换取新凭证', body: RefreshBody, response: { 200: TokenPair, ...errorResponses } },
    handler: async (request) => service.refresh(request.body.refreshToken),
  });

  fastify.post('/api/auth/logout', {
    config: { permission: 'session' },
    schema: { tags, summary: '注销：结束该账号的所有会话；经统一身份认证登录且对方支持时，给出结束其会话的地址', body: LogoutBody, response: { 200: LogoutResult, ...errorResponses } },
    handler: async (request) => {
      await service.logout(request.user);
      const origin = redirectUriFor({ publicUrl: process.env.PUBLIC_URL, requestOrigin: `${request.protocol}://${request.host}` }).replace(/\/api\/auth\/oidc\/callback$/, '');
      const providerLogoutUrl = await fastify.oidc.providerLogoutUrl({ userId: request.user.id, postLogoutRedirectUri: `${origin}/login?reason=logout` });
      return { ok: true as const, ...(providerLogoutUrl ? { providerLogoutUrl } : {}) };
    },
  });

  fastify.get('/api/auth/me', {
    config: { permission: 'session' },
    schema: { tags, response: { 200: Me, ...errorResponses } },
    handler: async (request) => service.me(request.user.id),
  });

  fastify.post('/api/auth/password', {
    config: { permission: 'session' },
    schema: { tags, summary: '修改本人密码；其他会话随之结束', body: ChangePasswordBody, response: { 200: TokenPair, ...errorResponses } },
    handler: async (request) => service.changePassword(request.user, { ...request.body, ip: request.ip }),
  });
};

export default authRoutes;
