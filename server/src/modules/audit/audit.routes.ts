import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AuditExportQuery, AuditListQuery, AuditPage, errorResponses } from '@rectify/shared';
import { contentDisposition } from '../../lib/files/filename.js';
import { createAuditService } from './audit.service.js';

const xlsxMime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const auditRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createAuditService({ db: fastify.db, timeZone: fastify.config.timeZone });
  const tags = ['audit'];

  fastify.get('/api/audit-log', {
    config: { permission: 'audit.read' },
    schema: { tags, summary: '操作日志与登录日志：本级及下级组织人员的记录，新的在前', querystring: AuditListQuery, response: { 200: AuditPage, ...errorResponses } },
    handler: async (request) => service.list(request.user, request.query),
  });

  fastify.get('/api/audit-log/export.xlsx', {
    config: { permission: 'audit.read' },
    schema: {
      tags,
      summary: '导出日志 Excel：与列表相同的筛选与范围，至多 10 万条',
      querystring: AuditExportQuery,
      response: { 200: Type.Unsafe<Readable | Buffer>({ type: 'string', format: 'binary' }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const { fileName, stream } = await service.export(request.user, request.query);
      return reply
        .header('content-type', xlsxMime)
        .header('content-disposition', contentDisposition(fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  });
};

export default auditRoutes;
