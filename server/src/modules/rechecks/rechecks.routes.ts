import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  DrawBody,
  errorResponses,
  IdParams,
  Page,
  Recheck,
  RecheckAnswerBody,
  RecheckConfirmBody,
  RecheckDraw,
  RecheckListQuery,
  RecheckReopenBody,
  RecheckSettings,
  RecheckSettingsBody,
} from '@rectify/shared';
import { createRechecksService } from './rechecks.service.js';

const rechecksRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createRechecksService({ db: fastify.db, clock: fastify.clock, today: () => fastify.today() });
  const tags = ['rechecks'];

  fastify.get('/api/rechecks/settings', {
    config: { permission: 'rechecks.read' },
    schema: { tags, summary: '回头看设置（本单位：销号后几个月复查、抽取比例、类别与来源）', response: { 200: RecheckSettings, ...errorResponses } },
    handler: async (request) => service.settings(request.user),
  });

  fastify.put('/api/rechecks/settings', {
    config: { permission: 'rechecks.write' },
    schema: { tags, summary: '保存回头看设置（开启后每月自动抽取）', body: RecheckSettingsBody, response: { 200: RecheckSettings, ...errorResponses } },
    handler: async (request) => service.saveSettings(request.user, request.body),
  });

  fastify.get('/api/rechecks/draws', {
    config: { permission: 'rechecks.read' },
    schema: { tags, summary: '回头看抽取记录（含随机种子与参数，可复现）', response: { 200: Type.Object({ items: Type.Array(RecheckDraw) }), ...errorResponses } },
    handler: async (request) => ({ items: await service.draws(request.user) }),
  });

  fastify.post('/api/rechecks/draws', {
    config: { permission: 'rechecks.write' },
    schema: { tags, summary: '手动抽取回头看样本（同一种子对同一批事项抽出同一样本）', body: DrawBody, response: { 201: RecheckDraw, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await service.draw(request.user, request.body)),
  });

  fastify.get('/api/rechecks', {
    config: { permission: 'rechecks.read' },
    schema: { tags, summary: '回头看事项（范围内；可按单位、抽取批次、状态筛选）', querystring: RecheckListQuery, response: { 200: Page(Recheck), ...errorResponses } },
    handler: async (request) => service.list(request.user, request.query),
  });

  fastify.post('/api/rechecks/:id/answer', {
    config: { permission: 'rechecks.answer' },
    schema: { tags, summary: '单位作出巩固说明（整改成果是否保持）', params: IdParams, body: RecheckAnswerBody, response: { 200: Recheck, ...errorResponses } },
    handler: async (request) => service.answer(request.user, request.params.id, request.body.statement),
  });

  fastify.post('/api/rechecks/:id/confirm', {
    config: { permission: 'rechecks.write' },
    schema: { tags, summary: '确认整改成果巩固（事项保持已销号）', params: IdParams, body: RecheckConfirmBody, response: { 200: Recheck, ...errorResponses } },
    handler: async (request) => service.confirm(request.user, request.params.id, request.body.comment),
  });

  fastify.post('/api/rechecks/:id/reopen', {
    config: { permission: 'rechecks.write' },
    schema: { tags, summary: '反弹：重新打开事项，开始新一轮整改（写明原因、依据与新时限）', params: IdParams, body: RecheckReopenBody, response: { 200: Recheck, ...errorResponses } },
    handler: async (request) => service.reopen(request.user, request.params.id, request.body),
  });
};

export default rechecksRoutes;
