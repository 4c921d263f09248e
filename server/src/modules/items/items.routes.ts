import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreateItemBody,
  errorResponses,
  HistoryEntry,
  IdParams,
  ItemDetail,
  ItemListQuery,
  ItemPage,
  ProgressBody,
  TransitionBody,
  UpdateItemBody,
} from '@rectify/shared';
import { createItemActions } from './items.actions.js';
import { createItemsService } from './items.service.js';

const itemsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const deps = { db: fastify.db, settings: fastify.settings, today: () => fastify.today(), events: fastify.itemEvents, timeZone: fastify.config.timeZone };
  const service = createItemsService(deps);
  const actions = createItemActions(deps, service);
  // A text search is a heavy read: the replica serves it when it may (db/read-routing.ts); other lists stay on the primary.
  const searchFor = fastify.readDb.routed((db) => createItemsService({ ...deps, db }));
  const tags = ['items'];

  fastify.get('/api/items', {
    config: { permission: 'items.read' },
    schema: { tags, summary: '台账事项列表（范围内，可筛选、排序、分页）', querystring: ItemListQuery, response: { 200: ItemPage, ...errorResponses } },
    handler: async (request) => (request.query.q ? searchFor(request) : service).list(request.user, request.query),
  });

  fastify.get('/api/items/:id', {
    config: { permission: 'items.read' },
    schema: { tags, summary: '事项详情：措施、进展、佐证材料、历史、可执行操作', params: IdParams, response: { 200: ItemDetail, ...errorResponses } },
    handler: async (request) => service.detail(request.user, request.params.id),
  });

  fastify.get('/api/items/:id/history', {
    config: { permission: 'items.read' },
    schema: { tags, summary: '事项历史（只追加，不可修改）', params: IdParams, response: { 200: Type.Object({ items: Type.Array(HistoryEntry) }), ...errorResponses } },
    handler: async (request) => ({ items: (await service.history(request.user, request.params.id)).history }),
  });

  fastify.post('/api/items', {
    config: { permission: 'items.create', idempotent: true },
    schema: { tags, summary: '新建事项：工委可为范围内任一组织建立；党组织只能登记自身查摆的问题', body: CreateItemBody, response: { 201: ItemDetail, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await service.create(request.user, request.body)),
  });

  fastify.patch('/api/items/:id', {
    config: { permission: 'items.edit' },
    schema: { tags, summary: '修改事项（须带 version；版本过期返回 409）', params: IdParams, body: UpdateItemBody, response: { 200: ItemDetail, ...errorResponses } },
    handler: async (request) => service.update(request.user, request.params.id, request.body),
  });

  fastify.post('/api/items/:id/transitions', {
    config: { permission: 'items.transition' },
    schema: { tags, summary: '流转：签收、申请/同意/退回销号、申请/同意/驳回延期、撤销', params: IdParams, body: TransitionBody, response: { 200: ItemDetail, ...errorResponses } },
    handler: async (request) => actions.transition(request.user, request.params.id, request.body, { audit: request.auditInStatement(200) }),
  });

  fastify.post('/api/items/:id/progress', {
    config: { permission: 'items.progress', idempotent: true },
    schema: {
      tags,
      summary: '记录整改进展（待整改的事项随之进入整改中）',
      params: IdParams,
      body: ProgressBody,
      response: { 201: Type.Object({ progressId: Type.Integer(), item: ItemDetail }), ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await actions.addProgress(request.user, request.params.id, request.body)),
  });
};

export default itemsRoutes;
