import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateReviewStandInBody,
  errorResponses,
  IdParams,
  ReviewAwaiting,
  ReviewEndorserList,
  ReviewLevelSettings,
  ReviewStandInList,
  UpdateReviewLevelSettingsBody,
  UserIdParams,
} from '@rectify/shared';
import { reviewAwaitingOf } from './review-levels.awaiting.js';
import { createReviewLevelsService } from './review-levels.service.js';

const reviewLevelsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const today = () => fastify.today();
  const service = createReviewLevelsService({ db: fastify.db, today });
  const tags = ['review-levels'];

  fastify.get('/api/review-levels/settings', {
    config: { permission: 'settings.read' },
    schema: { tags, summary: '审核层级：本单位审核、党委初审是否启用（工委终审始终在最后）', response: { 200: ReviewLevelSettings, ...errorResponses } },
    handler: async (request) => service.settings(request.user),
  });

  fastify.put('/api/review-levels/settings', {
    config: { permission: 'settings.write' },
    schema: { tags, summary: '设置本工委的审核层级（一级、二级或三级）', body: UpdateReviewLevelSettingsBody, response: { 200: ReviewLevelSettings, ...errorResponses } },
    handler: async (request) => service.updateSettings(request.user, request.body),
  });

  fastify.get('/api/review-levels/endorsers', {
    config: { permission: 'users.read' },
    schema: { tags, summary: '审核人（签字背书）：管辖范围内可审核本单位及所属支部申请的经办人', response: { 200: ReviewEndorserList, ...errorResponses } },
    handler: async (request) => service.endorsers(request.user),
  });

  fastify.put('/api/review-levels/endorsers/:userId', {
    config: { permission: 'users.write' },
    schema: { tags, summary: '指定审核人', params: UserIdParams, response: { 200: ReviewEndorserList, ...errorResponses } },
    handler: async (request) => service.addEndorser(request.user, request.params.userId),
  });

  fastify.delete('/api/review-levels/endorsers/:userId', {
    config: { permission: 'users.write' },
    schema: { tags, summary: '取消审核人', params: UserIdParams, response: { 200: ReviewEndorserList, ...errorResponses } },
    handler: async (request) => service.removeEndorser(request.user, request.params.userId),
  });

  fastify.get('/api/review-levels/stand-ins', {
    config: { permission: 'users.read' },
    schema: { tags, summary: '代理审核：尚未结束的代理设置', response: { 200: ReviewStandInList, ...errorResponses } },
    handler: async (request) => service.standIns(request.user),
  });

  fastify.post('/api/review-levels/stand-ins', {
    config: { permission: 'users.write' },
    schema: { tags, summary: '设置代理审核：某人在某段时间由同单位另一名经办人代为审核', body: CreateReviewStandInBody, response: { 201: ReviewStandInList, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await service.createStandIn(request.user, request.body)),
  });

  fastify.delete('/api/review-levels/stand-ins/:id', {
    config: { permission: 'users.write' },
    schema: { tags, summary: '撤销代理审核', params: IdParams, response: { 200: ReviewStandInList, ...errorResponses } },
    handler: async (request) => service.revokeStandIn(request.user, request.params.id),
  });

  fastify.get('/api/review-levels/awaiting', {
    config: { permission: 'items.read' },
    schema: { tags, summary: '各审核层级待审核的销号、延期申请数，以及待我审核的申请', response: { 200: ReviewAwaiting, ...errorResponses } },
    handler: async (request) => reviewAwaitingOf({ db: fastify.db, user: request.user, today: today() }),
  });
};

export default reviewLevelsRoutes;
