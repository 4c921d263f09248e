import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, MonthlyReport, MonthlyReportQuery } from '@rectify/shared';
import { contentDisposition } from '../../lib/files/filename.js';
import { createReportsService } from './reports.service.js';

const mimes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

// The builders bring ExcelJS, docx, ECharts and sharp, some 50 MB once loaded: they load with the first download.
const builders = { xlsx: () => import('./reports.xlsx.js'), docx: () => import('./reports.docx.js') };

const reportsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // Reports are heavy reads: the replica serves them when it may (db/read-routing.ts).
  const serviceFor = fastify.readDb.routed((db) => createReportsService({ db, clock: fastify.clock, timeZone: fastify.config.timeZone, today: () => fastify.today() }));

  fastify.get('/api/reports/monthly', {
    config: { permission: 'reports.read' },
    schema: {
      tags: ['reports'],
      summary: '月度整改报告（按月末历史计算；format=xlsx 为数据表，format=docx 为带图表的文字报告）',
      querystring: MonthlyReportQuery,
      response: { 200: Type.Union([MonthlyReport, Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '.xlsx or .docx' })]), ...errorResponses },
    },
    handler: async (request, reply) => {
      const query = { month: request.query.month, orgId: request.query.org };
      const format = request.query.format ?? 'json';
      const service = serviceFor(request);
      if (format === 'json') return service.monthly(request.user, query);
      // A document (charts rasterised, a package zipped) holds tens of megabytes while it is built: one of the heavy jobs.
      const { report, body } = await fastify.heavyJobs.run(async () => {
        const report = await service.monthly(request.user, query);
        const body = format === 'xlsx' ? await (await builders.xlsx()).monthlyReportXlsx(report) : await (await builders.docx()).monthlyReportDocx(report, { today: fastify.today() });
        return { report, body };
      });
      return reply
        .header('content-type', mimes[format])
        .header('content-disposition', contentDisposition(`${report.orgName}${report.month}整改月报.${format}`))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  });
};

export default reportsRoutes;
