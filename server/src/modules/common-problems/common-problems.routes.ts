import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BatchItemsBody, BatchItemsResult, CommonProblem, CommonProblemDetail, CommonProblemListQuery, errorResponses, IdParams, Page } from '@rectify/shared';
import { createCommonProblemsService } from './common-problems.service.js';

const commonProblemsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createCommonProblemsService({ db: fastify.db, settings: fastify.settings, today: () => fastify.today(), events: fastify.itemEvents });
  const tags = ['common-problems'];

  fastify.post('/api/items/batch', {
    config: { permission: 'items.batch', idempotent: true },
    schema: {
      tags,
      summary: '共性问题：向多个单位同时下发同一问题，每个单位一条事项，各自销号',
      body: BatchItemsBody,
      response: { 201: BatchItemsResult, ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await service.batch(request.user, request.body)),
  });

  fastify.get('/api/common-problems', {
    config: { permission: 'common_problems.read' },
    schema: { tags, summary: '共性问题列表，含范围内各单位的整改汇总', querystring: CommonProblemListQuery, response: { 200: Page(CommonProblem), ...errorResponses } },
    handler: async (request) => service.list(request.user, request.query),
  });

  fastify.get('/api/common-problems/:id', {
    config: { permission: 'common_problems.read' },
    schema: { tags, summary: '共性问题汇总：多少单位已销号、哪些单位逾期', params: IdParams, response: { 200: CommonProblemDetail, ...errorResponses } },
    handler: async (request) => service.detail(request.user, request.params.id),
  });
};

export default commonProblemsRoutes;
