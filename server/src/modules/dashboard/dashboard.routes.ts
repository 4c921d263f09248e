import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AcknowledgeSummary, AcknowledgeSummaryQuery, Dashboard, DashboardQuery, errorResponses } from '@rectify/shared';
import { createOrgsService } from '../orgs/orgs.service.js';
import { acknowledgeSummaryOf } from './dashboard.acknowledge.js';
import { createDashboardService } from './dashboard.service.js';

const dashboardRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // The dashboard is a heavy read: the replica serves it when it may (db/read-routing.ts); its counts are brought to
  // the day on the primary.
  const serviceFor = fastify.readDb.routed((db) =>
    createDashboardService({ db, primaryDb: fastify.db, settings: fastify.settings, today: () => fastify.today(), timeZone: fastify.config.timeZone }),
  );

  fastify.get('/api/dashboard', {
    config: { permission: 'dashboard.read' },
    schema: {
      tags: ['dashboard'],
      summary: '督办看板：按状态与灯色合计、完成率、按单位（逾期多者在前）/类别/来源/评议分组、近12个月趋势（仅限本人范围）',
      querystring: DashboardQuery,
      response: { 200: Dashboard, ...errorResponses },
    },
    handler: async (request) => serviceFor(request).get(request.user, request.query),
  });

  fastify.get('/api/dashboard/acknowledge', {
    config: { permission: 'dashboard.read' },
    schema: {
      tags: ['dashboard'],
      summary: '签收情况：待签收、逾期未签收（超过签收时限的工作日）、有异议（仅限本人范围）',
      querystring: AcknowledgeSummaryQuery,
      response: { 200: AcknowledgeSummary, ...errorResponses },
    },
    handler: async (request) => {
      const { org } = await createOrgsService({ db: fastify.db }).getScoped(request.user, request.query.orgId ?? request.user.orgId);
      const [{ acknowledgeDays }, calendar] = await Promise.all([fastify.settings.get(), fastify.settings.calendar()]);
      const window = { today: fastify.today(), days: acknowledgeDays, calendar, timeZone: fastify.config.timeZone };
      return acknowledgeSummaryOf(fastify.db, { scopePath: org.path, window });
    },
  });
};

export default dashboardRoutes;
