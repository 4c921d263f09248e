import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParams, RectificationReportDeadlineBody, RectificationReportDecisionBody, RectificationReportOverview, RectificationReportParams } from '@rectify/shared';
import { uploadError } from '../../lib/files/multipart.js';
import { docxMime, sendFile, uploadedFile } from './rectification-reports.http.js';
import periodRoutes from './rectification-reports.periods.routes.js';
import { createRectificationReportsService } from './rectification-reports.service.js';

const rectificationReportsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createRectificationReportsService({
    db: fastify.db,
    settings: fastify.settings,
    today: () => fastify.today(),
    events: fastify.itemEvents,
    storage: fastify.storage,
    maxBytes: fastify.config.uploadMaxBytes,
    timeZone: fastify.config.timeZone,
  });
  const tags = ['rectification-reports'];
  const binary = { 200: Type.Unsafe<Readable | Buffer>({ type: 'string', format: 'binary' }), ...errorResponses };
  const uploadResponses = { 201: RectificationReportOverview, 413: errorResponses[400], 415: errorResponses[400], 507: errorResponses[400], ...errorResponses };

  fastify.get('/api/reviews/:id/rectification-reports', {
    config: { permission: 'reviews.read' },
    schema: { tags, summary: '整改情况报告报送情况：各单位当前报告、历次上传与报送期限（仅范围内）', params: IdParams, response: { 200: RectificationReportOverview, ...errorResponses } },
    handler: async (request) => service.overview(request.user, request.params.id),
  });

  fastify.put('/api/reviews/:id/rectification-reports/deadline', {
    config: { permission: 'reviews.write' },
    schema: { tags, summary: '设置整改情况报告报送期限（null 取消）', params: IdParams, body: RectificationReportDeadlineBody, response: { 200: RectificationReportOverview, ...errorResponses } },
    handler: async (request) => service.setDeadline(request.user, request.params.id, request.body.dueOn),
  });

  fastify.get('/api/reviews/:id/rectification-reports/:orgId/draft.docx', {
    config: { permission: 'reviews.read' },
    schema: { tags, summary: '下载单位整改情况报告草稿（.docx，公文格式：逐个问题的措施、进展、完成情况与佐证材料，签字盖章栏）', params: RectificationReportParams, response: binary },
    handler: async (request, reply) => {
      const { fileName, build } = await service.orgDraft(request.user, request.params.id, request.params.orgId);
      return sendFile(reply, { mime: docxMime, fileName, body: await fastify.heavyJobs.run(build) });
    },
  });

  fastify.post('/api/reviews/:id/rectification-reports/:orgId', {
    config: { permission: 'rectification_reports.submit', idempotent: true },
    schema: {
      tags,
      summary: '上传签字盖章后的整改情况报告扫描件（multipart，文件字段名 file；PDF 或图片，按内容识别）；退回后可再次上传',
      consumes: ['multipart/form-data'],
      params: RectificationReportParams,
      response: uploadResponses,
    },
    handler: async (request, reply) => {
      const { id, orgId } = request.params;
      await service.assertCanSubmit(request.user, id, orgId);
      const file = await uploadedFile(request);
      await service.submit(request.user, { reviewId: id, orgId, ...file }).catch(uploadError);
      return reply.status(201).send(await service.overview(request.user, id));
    },
  });

  fastify.get('/api/reviews/:id/rectification-reports/:orgId/file', {
    config: { permission: 'reviews.read' },
    schema: { tags, summary: '下载单位当前的整改情况报告（签字盖章扫描件）', params: RectificationReportParams, response: binary },
    handler: async (request, reply) => {
      const { report, stream } = await service.openFile(request.user, request.params.id, { orgId: request.params.orgId });
      return sendFile(reply, { mime: report.mime, fileName: report.fileName, body: stream, size: report.size });
    },
  });

  fastify.post('/api/reviews/:id/rectification-reports/:orgId/decision', {
    config: { permission: 'reviews.write' },
    schema: { tags, summary: '接收或退回单位的整改情况报告（退回须写明原因，单位可重新上传）', params: RectificationReportParams, body: RectificationReportDecisionBody, response: { 200: RectificationReportOverview, ...errorResponses } },
    handler: async (request) => service.decide(request.user, request.params.id, request.params.orgId, request.body),
  });

  fastify.get('/api/reviews/:id/summary-report/draft.docx', {
    config: { permission: 'reviews.read' },
    schema: { tags, summary: '下载工委对本次评议的整改情况综合报告草稿（.docx）', params: IdParams, response: binary },
    handler: async (request, reply) => {
      const { fileName, build } = await service.summaryDraft(request.user, request.params.id);
      return sendFile(reply, { mime: docxMime, fileName, body: await fastify.heavyJobs.run(build) });
    },
  });

  fastify.post('/api/reviews/:id/summary-report', {
    config: { permission: 'reviews.write', idempotent: true },
    schema: { tags, summary: '上传签字盖章后的综合报告扫描件（PDF 或图片）', consumes: ['multipart/form-data'], params: IdParams, response: uploadResponses },
    handler: async (request, reply) => {
      const { committeeId } = await service.assertCanSubmitSummary(request.user, request.params.id);
      const file = await uploadedFile(request);
      await service.submitSummary(request.user, { reviewId: request.params.id, committeeId, ...file }).catch(uploadError);
      return reply.status(201).send(await service.overview(request.user, request.params.id));
    },
  });

  fastify.get('/api/reviews/:id/summary-report/file', {
    config: { permission: 'reviews.read' },
    schema: { tags, summary: '下载工委当前的综合报告（签字盖章扫描件）', params: IdParams, response: binary },
    handler: async (request, reply) => {
      const { report, stream } = await service.openFile(request.user, request.params.id, 'summary');
      return sendFile(reply, { mime: report.mime, fileName: report.fileName, body: stream, size: report.size });
    },
  });

  await fastify.register(periodRoutes);
};

export default rectificationReportsRoutes;
