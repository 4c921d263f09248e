import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AnswerSelfCheckBody,
  CreateSelfCheckBody,
  errorResponses,
  IdParams,
  Page,
  SelfCheckAnswerResult,
  SelfCheckListQuery,
  SelfCheckRequest,
  SelfCheckTask,
  SelfCheckTaskQuery,
} from '@rectify/shared';
import { createSelfChecksService } from './self-checks.service.js';

const selfChecksRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createSelfChecksService({ db: fastify.db, today: () => fastify.today(), events: fastify.itemEvents });
  const tags = ['self-checks'];

  fastify.post('/api/items/:id/self-checks', {
    config: { permission: 'self_checks.write' },
    schema: {
      tags,
      summary: '举一反三：请其他单位（指定、同级或某范围全部）对照此问题自查，并限期答复',
      params: IdParams,
      body: CreateSelfCheckBody,
      response: { 201: SelfCheckRequest, ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await service.create(request.user, request.params.id, request.body)),
  });

  fastify.get('/api/items/:id/self-checks', {
    config: { permission: 'self_checks.read' },
    schema: {
      tags,
      summary: '由此事项发起的举一反三：各单位的答复与未答复（仅范围内单位）',
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(SelfCheckRequest) }), ...errorResponses },
    },
    handler: async (request) => service.forItem(request.user, request.params.id),
  });

  fastify.get('/api/self-checks', {
    config: { permission: 'self_checks.read' },
    schema: { tags, summary: '举一反三请求列表（open=true：尚有单位未答复）', querystring: SelfCheckListQuery, response: { 200: Page(SelfCheckRequest), ...errorResponses } },
    handler: async (request) => service.list(request.user, request.query),
  });

  fastify.get('/api/self-checks/tasks', {
    config: { permission: 'self_checks.read' },
    schema: { tags, summary: '本单位（及下级）须答复的举一反三自查', querystring: SelfCheckTaskQuery, response: { 200: Page(SelfCheckTask), ...errorResponses } },
    handler: async (request) => service.tasks(request.user, request.query),
  });

  fastify.post('/api/self-checks/tasks/:id/answer', {
    config: { permission: 'self_checks.answer' },
    schema: {
      tags,
      summary: '答复举一反三：存在（同时建立本单位事项）或不存在（须说明理由）',
      params: IdParams,
      body: AnswerSelfCheckBody,
      response: { 200: SelfCheckAnswerResult, ...errorResponses },
    },
    handler: async (request) => service.answer(request.user, request.params.id, request.body),
  });
};

export default selfChecksRoutes;
