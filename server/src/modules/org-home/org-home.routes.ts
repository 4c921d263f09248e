import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, OrgHome, OrgHomeQuery } from '@rectify/shared';
import { createOrgHomeService } from './org-home.service.js';

const orgHomeRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createOrgHomeService({ db: fastify.db, clock: fastify.clock, settings: fastify.settings, today: () => fastify.today() });

  fastify.get('/api/org-home', {
    config: { permission: 'items.read' },
    schema: {
      tags: ['items'],
      summary: '本单位工作台：被退回事项（含理由）、逾期事项、待回复督办单、提醒期内到期事项与灯色合计（仅限本人范围）',
      querystring: OrgHomeQuery,
      response: { 200: OrgHome, ...errorResponses },
    },
    handler: async (request) => service.get(request.user, request.query),
  });
};

export default orgHomeRoutes;
