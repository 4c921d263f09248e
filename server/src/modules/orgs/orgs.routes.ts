import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CreateOrgBody, errorResponses, IdParams, OkResponse, Org, OrgCounts, OrgCountsQuery, OrgListQuery, UpdateOrgBody } from '@rectify/shared';
import { createOrgsService, toOrg } from './orgs.service.js';

const orgsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createOrgsService({ db: fastify.db });
  const tags = ['organizations'];

  fastify.get('/api/orgs', {
    config: { permission: 'orgs.read' },
    schema: { tags, summary: '组织列表（当前用户范围内，含下级）', querystring: OrgListQuery, response: { 200: Type.Object({ items: Type.Array(Org) }), ...errorResponses } },
    handler: async (request) => {
      const { orgs } = await service.list(request.user, request.query);
      return { items: orgs };
    },
  });

  fastify.get('/api/orgs/counts', {
    config: { permission: 'orgs.read' },
    schema: {
      tags,
      summary: '各组织自身的用户数、未销号事项数、事项总数和直属下级数（不含下级组织的）',
      querystring: OrgCountsQuery,
      response: { 200: Type.Object({ items: Type.Array(OrgCounts) }), ...errorResponses },
    },
    handler: async (request) => ({ items: (await service.counts(request.user, request.query)).counts }),
  });

  fastify.get('/api/orgs/:id', {
    config: { permission: 'orgs.read' },
    schema: { tags, params: IdParams, response: { 200: Org, ...errorResponses } },
    handler: async (request) => {
      const { org } = await service.getScoped(request.user, request.params.id);
      return toOrg(org);
    },
  });

  fastify.post('/api/orgs', {
    config: { permission: 'orgs.write' },
    schema: { tags, body: CreateOrgBody, response: { 201: Org, ...errorResponses } },
    handler: async (request, reply) => {
      const { org } = await service.create(request.user, request.body);
      return reply.status(201).send(org);
    },
  });

  fastify.patch('/api/orgs/:id', {
    config: { permission: 'orgs.write' },
    schema: { tags, summary: '修改组织；改 parentId 即移动整棵子树', params: IdParams, body: UpdateOrgBody, response: { 200: Org, ...errorResponses } },
    handler: async (request) => (await service.update(request.user, request.params.id, request.body)).org,
  });

  fastify.delete('/api/orgs/:id', {
    config: { permission: 'orgs.write' },
    schema: { tags, params: IdParams, response: { 200: OkResponse, ...errorResponses } },
    handler: async (request) => {
      await service.remove(request.user, request.params.id);
      return { ok: true as const };
    },
  });
};

export default orgsRoutes;
