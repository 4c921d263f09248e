import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CalendarYearDetail,
  CalendarYearParams,
  CalendarYears,
  errorResponses,
  ReadNoticeBody,
  ReadNoticeResult,
  ResolvedWorkingDeadline,
  ResolveWorkingDeadlineQuery,
  SaveCalendarYearBody,
  SavedCalendarYear,
} from '@rectify/shared';
import { createCalendarService } from './calendar.service.js';

/**
 * 工作日历: the top committee's administrator keeps each year's days off and make-up working days (typed in or read
 * from the State Council's notice); everyone signed in reads them and resolves working-day deadlines against them.
 */
const calendarRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createCalendarService({ db: fastify.db, today: () => fastify.today() });
  const tags = ['calendar'];

  fastify.get('/api/calendar/years', {
    config: { permission: 'calendar.read' },
    schema: { tags, summary: '已载入工作日历的年份；11 月 1 日起下一年尚未载入时给出提醒', response: { 200: CalendarYears, ...errorResponses } },
    handler: async () => service.listYears(),
  });

  fastify.get('/api/calendar/years/:year', {
    config: { permission: 'calendar.read' },
    schema: { tags, summary: '某年的放假日与调休上班日；未载入的年份 loaded 为 false', params: CalendarYearParams, response: { 200: CalendarYearDetail, ...errorResponses } },
    handler: async (request) => service.getYear(request.params.year),
  });

  fastify.put('/api/calendar/years/:year', {
    config: { permission: 'calendar.write' },
    schema: {
      tags,
      summary: '保存某年的工作日历（整年替换），并重新计算受影响事项的工作日时限',
      params: CalendarYearParams,
      body: SaveCalendarYearBody,
      response: { 200: SavedCalendarYear, ...errorResponses },
    },
    handler: async (request) => service.saveYear(request.user, request.params.year, request.body),
  });

  fastify.post('/api/calendar/notice', {
    config: { permission: 'calendar.write' },
    schema: { tags, summary: '识别国务院办公厅节假日安排通知的文字，返回预览（不保存）', body: ReadNoticeBody, response: { 200: ReadNoticeResult, ...errorResponses } },
    handler: async (request) => service.readNotice(request.body),
  });

  fastify.get('/api/calendar/resolve', {
    config: { permission: 'calendar.read' },
    schema: {
      tags,
      summary: '按工作日历计算：自某日起第 N 个工作日；途经未载入日历的年份时列出这些年份',
      querystring: ResolveWorkingDeadlineQuery,
      response: { 200: ResolvedWorkingDeadline, ...errorResponses },
    },
    handler: async (request) => service.resolve(request.query),
  });
};

export default calendarRoutes;
