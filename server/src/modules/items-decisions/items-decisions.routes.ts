import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BulkDecisionBody, BulkDecisionResult, errorResponses, RemindBody, RemindResult } from '@rectify/shared';
import { createItemsDecisionsService } from './items-decisions.service.js';

const itemsDecisionsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createItemsDecisionsService({ db: fastify.db, settings: fastify.settings, today: () => fastify.today(), events: fastify.itemEvents, clock: fastify.clock });
  const tags = ['items'];

  fastify.post('/api/items/decisions', {
    config: { permission: 'items.batch' },
    schema: {
      tags,
      summary: '批量销号或批量退回：每项各自检查（申请人不能审批、版本、佐证材料），逐项返回结果',
      body: BulkDecisionBody,
      response: { 200: BulkDecisionResult, ...errorResponses },
    },
    handler: async (request) => service.decide(request.user, request.body),
  });

  fastify.post('/api/items/reminders', {
    config: { permission: 'items.batch' },
    schema: { tags, summary: '催办：向所选未销号事项的组织发送提醒（每个组织一条）', body: RemindBody, response: { 200: RemindResult, ...errorResponses } },
    handler: async (request) => service.remind(request.user, request.body),
  });
};

export default itemsDecisionsRoutes;
