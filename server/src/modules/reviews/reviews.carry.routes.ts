import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CarryBody, CarryResult, EarlierItemsQuery, EarlierItemsResult, errorResponses, IdParams } from '@rectify/shared';
import { createReviewCarry } from './reviews.carry.js';

/** 述前述后: an organization's problems from earlier reviews, and carrying the unfinished ones into this review. */
const reviewCarryRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const carry = createReviewCarry({ db: fastify.db, today: () => fastify.today() });
  const tags = ['reviews'];

  fastify.get('/api/reviews/:id/earlier', {
    config: { permission: 'reviews.read' },
    schema: {
      tags,
      summary: '上年度问题整改情况：某单位此前评议中的问题及其整改状态（未销号在前）',
      params: IdParams,
      querystring: EarlierItemsQuery,
      response: { 200: EarlierItemsResult, ...errorResponses },
    },
    handler: async (request) => carry.earlier(request.user, request.params.id, request.query.orgId),
  });

  fastify.post('/api/reviews/:id/carry', {
    config: { permission: 'reviews.write' },
    schema: {
      tags,
      summary: '将某单位此前评议中未销号的事项转入本次评议（保留原评议与整改记录；不列事项即全部转入）',
      params: IdParams,
      body: CarryBody,
      response: { 200: CarryResult, ...errorResponses },
    },
    handler: async (request) => carry.carry(request.user, request.params.id, request.body),
  });
};

export default reviewCarryRoutes;
