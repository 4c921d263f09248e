import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiToken, CreateApiTokenBody, CreatedApiToken, errorResponses, IdParams } from '@rectify/shared';
import { createApiTokensService } from './api-tokens.service.js';

/** The administrator's page of API tokens: list, create (the secret is in that answer and nowhere else) and revoke. */
const apiTokensRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createApiTokensService({ db: fastify.db, clock: fastify.clock });
  const tags = ['api-tokens'];

  fastify.get('/api/api-tokens', {
    config: { permission: 'tokens.read' },
    schema: { tags, summary: '接口令牌：名称、范围、权限、有效期与最近使用时间（不含令牌本身）', response: { 200: Type.Object({ items: Type.Array(ApiToken) }), ...errorResponses } },
    handler: async () => service.list(),
  });

  fastify.post('/api/api-tokens', {
    config: { permission: 'tokens.write' },
    schema: { tags, summary: '新建接口令牌：令牌只在本次应答中出现一次，服务器只保存其摘要', body: CreateApiTokenBody, response: { 201: CreatedApiToken, ...errorResponses } },
    handler: async (request, reply) => {
      const created = await service.create(request.user, request.body);
      // The secret must not linger in a cache between the server and the administrator.
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  });

  fastify.post('/api/api-tokens/:id/revoke', {
    config: { permission: 'tokens.write' },
    schema: { tags, summary: '撤销接口令牌：立即生效，不可恢复', params: IdParams, response: { 200: ApiToken, ...errorResponses } },
    handler: async (request) => service.revoke(request.user, request.params.id),
  });
};

export default apiTokensRoutes;
