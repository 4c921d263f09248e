import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  EscalationLadder,
  EscalationLadderBody,
  EscalationRecord,
  EscalationRecordBody,
  EscalationRecordPage,
  EscalationRecordQuery,
  EscalationSuggestion,
  errorResponses,
  Page,
  SuggestionQuery,
} from '@rectify/shared';
import { createEscalationService } from './escalation.service.js';

const escalationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createEscalationService({ db: fastify.db, clock: fastify.clock, timeZone: fastify.config.timeZone, today: () => fastify.today() });
  const tags = ['escalation'];

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

  fastify.post('/api/escalation/records', {
    config: { permission: 'escalation.write' },
    schema: { tags, summary: '记录约谈（日期、参加人、纪要）或问责建议', body: EscalationRecordBody, response: { 201: EscalationRecord, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await service.record(request.user, request.body)),
  });
};

export default escalationRoutes;
