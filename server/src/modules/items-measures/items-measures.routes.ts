import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, ItemDetail, MeasureParams, MeasureUpdateBody } from '@rectify/shared';
import { createItemsService } from '../items/items.service.js';
import { createItemsMeasuresService } from './items-measures.service.js';

const itemsMeasuresRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const items = createItemsService({ db: fastify.db, settings: fastify.settings, today: () => fastify.today(), events: fastify.itemEvents });
  const service = createItemsMeasuresService({ db: fastify.db, items });

  fastify.patch('/api/items/:id/measures/:measureId', {
    config: { permission: 'items.edit' },
    schema: {
      tags: ['items'],
      summary: '更新一项整改措施的状态（未开始/推进中/已完成）、责任人与时限（主办单位或工委；协办单位不可）',
      params: MeasureParams,
      body: MeasureUpdateBody,
      response: { 200: ItemDetail, ...errorResponses },
    },
    handler: async (request) => service.update(request.user, { itemId: request.params.id, measureId: request.params.measureId, body: request.body }),
  });
};

export default itemsMeasuresRoutes;
