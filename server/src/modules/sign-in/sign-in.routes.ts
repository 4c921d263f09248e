import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, OidcSettings, SignInMethods, SignInOrder, UpdateOidcSettingsBody } from '@rectify/shared';
import { redirectUriFor } from './sign-in.config.js';
import { createSignInService } from './sign-in.service.js';

/** The ways in the sign-in page offers, and the top committee administrator's settings for them. */
const signInRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createSignInService({ db: fastify.db });
  const tags = ['auth'];
  const redirectUri = (request: { protocol: string; host: string }) => redirectUriFor({ publicUrl: process.env.PUBLIC_URL, requestOrigin: `${request.protocol}://${request.host}` });

  fastify.get('/api/auth/methods', {
    config: { permission: 'public' },
    schema: { tags, summary: '登录页提供的登录方式（按管理员设定的顺序）', response: { 200: SignInMethods, ...errorResponses } },
    handler: async () => service.methods(),
  });

  fastify.get('/api/sign-in/order', {
    config: { permission: 'settings.write' },
    schema: { tags, summary: '登录方式的顺序；未列出的方式不提供', response: { 200: SignInOrder, ...errorResponses } },
    handler: async () => ({ order: await service.order() }),
  });

  fastify.put('/api/sign-in/order', {
    config: { permission: 'settings.write' },
    schema: { tags, body: SignInOrder, response: { 200: SignInOrder, ...errorResponses } },
    handler: async (request) => service.setOrder(request.body.order),
  });

  fastify.get('/api/sign-in/oidc', {
    config: { permission: 'settings.write' },
    schema: { tags, summary: '统一身份认证（OpenID Connect）设置；不返回客户端密钥', response: { 200: OidcSettings, ...errorResponses } },
    handler: async (request) => service.view(await service.oidc(), redirectUri(request)),
  });

  fastify.put('/api/sign-in/oidc', {
    config: { permission: 'settings.write' },
    schema: { tags, body: UpdateOidcSettingsBody, response: { 200: OidcSettings, ...errorResponses } },
    handler: async (request) => service.view(await service.setOidc(request.body), redirectUri(request)),
  });
};

export default signInRoutes;
