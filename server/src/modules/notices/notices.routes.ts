import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreateNoticeBody,
  errorResponses,
  GenerateRedNoticesBody,
  GenerateRedNoticesResult,
  IdParams,
  Notice,
  NoticeDetail,
  NoticeListQuery,
  NoticeReplyBody,
  Page,
} from '@rectify/shared';
import { contentDisposition } from '../../lib/files/filename.js';
import { noticeDocx } from './notices.docx.js';
import { createNoticesService } from './notices.service.js';

const noticesRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createNoticesService({ db: fastify.db, clock: fastify.clock, settings: fastify.settings, today: () => fastify.today() });
  const tags = ['notices'];

  fastify.get('/api/notices', {
    config: { permission: 'notices.read' },
    schema: { tags, summary: '督办单列表（范围内；可按单位、状态、级别、事项筛选）', querystring: NoticeListQuery, response: { 200: Page(Notice), ...errorResponses } },
    handler: async (request) => service.list(request.user, request.query),
  });

  fastify.get('/api/notices/:id', {
    config: { permission: 'notices.read' },
    schema: { tags, summary: '督办单详情（含下发时的事项清单）', params: IdParams, response: { 200: NoticeDetail, ...errorResponses } },
    handler: async (request) => service.detail(request.user, request.params.id),
  });

  fastify.post('/api/notices', {
    config: { permission: 'notices.write', idempotent: true },
    schema: { tags, summary: '下发督办单：指定事项（itemIds），或某单位全部逾期事项（orgId + allOverdue）', body: CreateNoticeBody, response: { 201: NoticeDetail, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await service.create(request.user, request.body)),
  });

  fastify.post('/api/notices/generate-red', {
    config: { permission: 'notices.write' },
    schema: { tags, summary: '一键为全部逾期（红灯）事项生成红色督办单：每个单位一份', body: GenerateRedNoticesBody, response: { 201: GenerateRedNoticesResult, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await service.generateRed(request.user, request.body)),
  });

  fastify.post('/api/notices/:id/reply', {
    config: { permission: 'notices.reply' },
    schema: { tags, summary: '被督办单位回复督办单（只可回复一次）', params: IdParams, body: NoticeReplyBody, response: { 200: NoticeDetail, ...errorResponses } },
    handler: async (request) => service.reply(request.user, request.params.id, request.body.content),
  });

  fastify.get('/api/notices/:id/document', {
    config: { permission: 'notices.read' },
    schema: { tags, summary: '下载督办单（.docx，公文格式）', params: IdParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses } },
    handler: async (request, reply) => {
      const { notice, committeeName } = await service.document(request.user, request.params.id);
      const body = await fastify.heavyJobs.run(() => noticeDocx(notice, { committeeName }));
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', contentDisposition(`${notice.number}-${notice.orgName}.docx`))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  });
};

export default noticesRoutes;
