import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, ItemDetail, MeasureOwners, MeasureParams, MeasureUpdateBody } from '@rectify/shared';
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

  fastify.get('/api/items/:id/measure-owners', {
    config: { permission: 'items.edit' },
    schema: {
      tags: ['items'],
      summary: '可作为整改措施责任人的用户：事项所属组织及其下级的在用账号（主办单位或工委）',
      params: IdParams,
      response: { 200: MeasureOwners, ...errorResponses },
    },
    handler: async (request) => service.owners(request.user, request.params.id),
  });
};

export default itemsMeasuresRoutes;
