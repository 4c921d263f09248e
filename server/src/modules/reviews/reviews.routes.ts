import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ConfirmDraftsBody,
  ConfirmDraftsResult,
  CreateReviewBody,
  errorResponses,
  ExtractBody,
  ExtractResult,
  IdParams,
  OkResponse,
  Page,
  Review,
  ReviewComment,
  ReviewCommentBody,
  ReviewDetail,
  ReviewListQuery,
  ReviewOrgParams,
  UpdateReviewBody,
} from '@rectify/shared';
import { createReviewsService } from './reviews.service.js';

const reviewsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createReviewsService({ db: fastify.db, settings: fastify.settings, today: () => fastify.today(), events: fastify.itemEvents });
  const tags = ['reviews'];

  fastify.get('/api/reviews', {
    config: { permission: 'reviews.read' },
    schema: { tags, summary: '评议（问题来源事件）列表，含范围内事项的整改汇总', querystring: ReviewListQuery, response: { 200: Page(Review), ...errorResponses } },
    handler: async (request) => service.list(request.user, request.query),
  });

  fastify.get('/api/reviews/:id', {
    config: { permission: 'reviews.read' },
    schema: { tags, summary: '评议详情：各单位点评意见与事项整改汇总（仅范围内）', params: IdParams, response: { 200: ReviewDetail, ...errorResponses } },
    handler: async (request) => service.detail(request.user, request.params.id),
  });

  fastify.post('/api/reviews', {
    config: { permission: 'reviews.write' },
    schema: { tags, summary: '新建评议（可同时录入各单位点评意见）', body: CreateReviewBody, response: { 201: ReviewDetail, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await service.create(request.user, request.body)),
  });

  fastify.patch('/api/reviews/:id', {
    config: { permission: 'reviews.write' },
    schema: { tags, summary: '修改评议', params: IdParams, body: UpdateReviewBody, response: { 200: ReviewDetail, ...errorResponses } },
    handler: async (request) => service.update(request.user, request.params.id, request.body),
  });

  fastify.delete('/api/reviews/:id', {
    config: { permission: 'reviews.write' },
    schema: { tags, summary: '删除评议（已有台账事项的评议不能删除）', params: IdParams, response: { 200: OkResponse, ...errorResponses } },
    handler: async (request) => {
      await service.remove(request.user, request.params.id);
      return { ok: true as const };
    },
  });

  fastify.put('/api/reviews/:id/comments/:orgId', {
    config: { permission: 'reviews.write' },
    schema: { tags, summary: '录入或修改对某单位的点评意见（原文）', params: ReviewOrgParams, body: ReviewCommentBody, response: { 200: ReviewComment, ...errorResponses } },
    handler: async (request) => service.putComment(request.user, request.params.id, request.params.orgId, request.body.text),
  });

  fastify.delete('/api/reviews/:id/comments/:orgId', {
    config: { permission: 'reviews.write' },
    schema: { tags, summary: '删除对某单位的点评意见', params: ReviewOrgParams, response: { 200: OkResponse, ...errorResponses } },
    handler: async (request) => {
      await service.removeComment(request.user, request.params.id, request.params.orgId);
      return { ok: true as const };
    },
  });

  fastify.post('/api/reviews/:id/extract', {
    config: { permission: 'reviews.write' },
    schema: {
      tags,
      summary: '从点评意见中识别不足，逐条生成事项草稿（不保存）',
      params: IdParams,
      body: ExtractBody,
      response: { 200: ExtractResult, ...errorResponses },
    },
    handler: async (request) => service.extract(request.user, request.params.id, request.body),
  });

  fastify.post('/api/reviews/:id/items', {
    config: { permission: 'reviews.write', idempotent: true },
    schema: {
      tags,
      summary: '确认草稿：一次性建立该单位的事项（与点评原文同一事务）',
      params: IdParams,
      body: ConfirmDraftsBody,
      response: { 201: ConfirmDraftsResult, ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send(await service.confirm(request.user, request.params.id, request.body)),
  });
};

export default reviewsRoutes;
