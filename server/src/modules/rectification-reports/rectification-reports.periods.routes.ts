import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  errorResponses,
  IdParams,
  RectificationPeriodOverview,
  RectificationReportDeadlineBody,
  RectificationReportDecisionBody,
  RectificationReportParams,
  RectificationReportPeriodBody,
  RectificationReportPeriodList,
} from '@rectify/shared';
import { uploadError } from '../../lib/files/multipart.js';
import { docxMime, sendFile, uploadedFile } from './rectification-reports.http.js';
import { createReportPeriodsService } from './rectification-reports.periods.service.js';

/** 整改情况报告 for a reporting period (报告期, e.g. 2026年度): the same draft, upload and decision cycle as for a review. */
const periodRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createReportPeriodsService({
    db: fastify.db,
    today: () => fastify.today(),
    storage: fastify.storage,
    maxBytes: fastify.config.uploadMaxBytes,
    timeZone: fastify.config.timeZone,
  });
  const tags = ['rectification-reports'];
  const binary = { 200: Type.Unsafe<Readable | Buffer>({ type: 'string', format: 'binary' }), ...errorResponses };

  fastify.get('/api/report-periods', {
    config: { permission: 'reviews.read' },
    schema: { tags, summary: '报告期列表：本单位所属工委及下级工委开设的整改情况报告期（如 2026年度）', response: { 200: RectificationReportPeriodList, ...errorResponses } },
    handler: async (request) => service.list(request.user),
  });

  fastify.post('/api/report-periods', {
    config: { permission: 'reviews.write' },
    schema: { tags, summary: '开设报告期：工委下各单位就期内交办的全部问题报送整改情况报告', body: RectificationReportPeriodBody, response: { 201: RectificationPeriodOverview, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await service.create(request.user, request.body)),
  });

  fastify.get('/api/report-periods/:id', {
    config: { permission: 'reviews.read' },
    schema: { tags, summary: '报告期的报送情况：各单位当前报告与历次上传（仅范围内）', params: IdParams, response: { 200: RectificationPeriodOverview, ...errorResponses } },
    handler: async (request) => service.overview(request.user, request.params.id),
  });

  fastify.put('/api/report-periods/:id/deadline', {
    config: { permission: 'reviews.write' },
    schema: { tags, summary: '设置报告期的报送期限（null 取消）', params: IdParams, body: RectificationReportDeadlineBody, response: { 200: RectificationPeriodOverview, ...errorResponses } },
    handler: async (request) => service.setDue(request.user, request.params.id, request.body.dueOn),
  });

  fastify.get('/api/report-periods/:id/reports/:orgId/draft.docx', {
    config: { permission: 'reviews.read' },
    schema: { tags, summary: '下载单位本报告期整改情况报告草稿（.docx，公文格式）', params: RectificationReportParams, response: binary },
    handler: async (request, reply) => {
      const { fileName, build } = await service.orgDraft(request.user, request.params.id, request.params.orgId);
      return sendFile(reply, { mime: docxMime, fileName, body: await fastify.heavyJobs.run(build) });
    },
  });

  fastify.post('/api/report-periods/:id/reports/:orgId', {
    config: { permission: 'rectification_reports.submit', idempotent: true },
    schema: {
      tags,
      summary: '上传本报告期签字盖章后的整改情况报告扫描件（multipart，文件字段名 file；PDF 或图片）；退回后可再次上传',
      consumes: ['multipart/form-data'],
      params: RectificationReportParams,
      response: { 201: RectificationPeriodOverview, 413: errorResponses[400], 415: errorResponses[400], 507: errorResponses[400], ...errorResponses },
    },
    handler: async (request, reply) => {
      const { id, orgId } = request.params;
      await service.assertCanSubmit(request.user, id, orgId);
      const file = await uploadedFile(request);
      await service.submit(request.user, { periodId: id, orgId, ...file }).catch(uploadError);
      return reply.status(201).send(await service.overview(request.user, id));
    },
  });

  fastify.get('/api/report-periods/:id/reports/:orgId/file', {
    config: { permission: 'reviews.read' },
    schema: { tags, summary: '下载单位本报告期当前的整改情况报告（签字盖章扫描件）', params: RectificationReportParams, response: binary },
    handler: async (request, reply) => {
      const { report, stream } = await service.openFile(request.user, request.params.id, request.params.orgId);
      return sendFile(reply, { mime: report.mime, fileName: report.fileName, body: stream, size: report.size });
    },
  });

  fastify.post('/api/report-periods/:id/reports/:orgId/decision', {
    config: { permission: 'reviews.write' },
    schema: { tags, summary: '接收或退回单位本报告期的整改情况报告（退回须写明原因）', params: RectificationReportParams, body: RectificationReportDecisionBody, response: { 200: RectificationPeriodOverview, ...errorResponses } },
    handler: async (request) => service.decide(request.user, request.params.id, request.params.orgId, request.body),
  });
};

export default periodRoutes;
