import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  EscalationByOrg,
  EscalationByOrgQuery,
  EscalationLadder,
  EscalationLadderBody,
  EscalationRecord,
  EscalationRecordBody,
  EscalationRecordPage,
  EscalationRecordQuery,
  EscalationSuggestion,
  errorResponses,
  IdParams,
  Page,
  SuggestionQuery,
} from '@rectify/shared';
import { AppError } from '../../lib/app-error.js';
import { onlyFile } from '../../lib/files/multipart.js';
import { uploadError } from '../../lib/files/multipart.js';
import { createEvidenceService } from '../evidence/evidence.service.js';
import { createItemsService } from '../items/items.service.js';
import { createEscalationService } from './escalation.service.js';

const escalationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createEscalationService({ db: fastify.db, clock: fastify.clock, timeZone: fastify.config.timeZone, today: () => fastify.today() });
  const tags = ['escalation'];
  const items = createItemsService({ db: fastify.db, settings: fastify.settings, today: () => fastify.today(), events: fastify.itemEvents });
  const evidence = createEvidenceService({ db: fastify.db, storage: fastify.storage, items, maxBytes: fastify.config.uploadMaxBytes, log: fastify.log });

  fastify.get('/api/escalation/ladder', {
    config: { permission: 'escalation.read' },
    schema: { tags, summary: '督办阶梯（本单位：提醒 → 蓝 → 黄 → 红督办单 → 约谈 → 问责建议，各步门槛）', response: { 200: EscalationLadder, ...errorResponses } },
    handler: async (request) => service.ladder(request.user),
  });

  fastify.put('/api/escalation/ladder', {
    config: { permission: 'escalation.write' },
    schema: { tags, summary: '保存督办阶梯', body: EscalationLadderBody, response: { 200: EscalationLadder, ...errorResponses } },
    handler: async (request) => service.saveLadder(request.user, request.body.steps),
  });

  fastify.get('/api/escalation/suggestions', {
    config: { permission: 'escalation.read' },
    schema: { tags, summary: '逾期事项的下一步督办建议（范围内；dueOnly 只列有建议的）', querystring: SuggestionQuery, response: { 200: Page(EscalationSuggestion), ...errorResponses } },
    handler: async (request) => service.suggestions(request.user, request.query),
  });

  fastify.get('/api/escalation/records', {
    config: { permission: 'escalation.read' },
    schema: { tags, summary: '单位的督办记录：约谈、问责建议及催办、督办单次数', querystring: EscalationRecordQuery, response: { 200: EscalationRecordPage, ...errorResponses } },
    handler: async (request) => service.records(request.user, request.query),
  });

  fastify.get('/api/escalation/by-org', {
    config: { permission: 'escalation.read' },
    schema: { tags, summary: '下级各单位的督办记录（催办、督办单分色、约谈、问责建议次数），供排名使用', querystring: EscalationByOrgQuery, response: { 200: EscalationByOrg, ...errorResponses } },
    handler: async (request) => service.byOrg(request.user, request.query),
  });

  fastify.post('/api/escalation/records', {
    config: { permission: 'escalation.write' },
    schema: { tags, summary: '记录约谈（日期、参加人、纪要）或问责建议', body: EscalationRecordBody, response: { 201: EscalationRecord, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await service.record(request.user, request.body)),
  });

  fastify.post('/api/escalation/records/:id/attachments', {
    config: { permission: 'escalation.write' },
    schema: {
      tags,
      summary: '上传约谈或问责建议的附件（约谈纪要扫描件等；multipart，文件字段名 file；类型按内容识别）',
      consumes: ['multipart/form-data'],
      params: IdParams,
      response: { 201: EscalationRecord, 413: errorResponses[400], 415: errorResponses[400], 507: errorResponses[400], ...errorResponses },
    },
    handler: async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('common.unsupported_media_type');
      // Checked before any byte is stored: a record outside the caller's subtree costs nothing.
      await service.recordInScope(request.user, request.params.id);
      const { file, rest } = await onlyFile(request).catch(uploadError);
      if (!file || file.fieldname !== 'file') throw new AppError('evidence.missing_file');
      await evidence.attachToRecord(request.user, { recordId: request.params.id, fileName: file.filename, source: file.file, beforeCommit: rest }).catch(uploadError);
      return reply.status(201).send(await service.recordInScope(request.user, request.params.id));
    },
  });
};

export default escalationRoutes;
