import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, ItemDetail, ObjectionBody, ObjectionReplyBody, TransferBody } from '@rectify/shared';
import { createItemsAcknowledgeService } from './items-acknowledge.service.js';

/** 异议, 转办 and 驳回异议; 签收 itself is the `start` step of `/api/items/:id/transitions`. */
const itemsAcknowledgeRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createItemsAcknowledgeService({
    db: fastify.db,
    settings: fastify.settings,
    today: () => fastify.today(),
    events: fastify.itemEvents,
    timeZone: fastify.config.timeZone,
    clock: fastify.clock,
  });
  const tags = ['items'];

  fastify.post('/api/items/:id/objection', {
    config: { permission: 'items.object' },
    schema: {
      tags,
      summary: '提出异议：待签收的事项，本单位认为措辞不准确、不属于本单位或暂不具备整改条件（须写明理由）',
      params: IdParams,
      body: ObjectionBody,
      response: { 200: ItemDetail, ...errorResponses },
    },
    handler: async (request) => service.object(request.user, request.params.id, request.body),
  });

  fastify.post('/api/items/:id/transfer', {
    config: { permission: 'items.objection_decide' },
    schema: { tags, summary: '转办：有异议的事项交给管辖范围内的另一单位，重新等待签收', params: IdParams, body: TransferBody, response: { 200: ItemDetail, ...errorResponses } },
    handler: async (request) => service.transfer(request.user, request.params.id, request.body),
  });

  fastify.post('/api/items/:id/objection-reply', {
    config: { permission: 'items.objection_decide' },
    schema: { tags, summary: '驳回异议：答复理由，事项回到待签收', params: IdParams, body: ObjectionReplyBody, response: { 200: ItemDetail, ...errorResponses } },
    handler: async (request) => service.rejectObjection(request.user, request.params.id, request.body),
  });
};

export default itemsAcknowledgeRoutes;
