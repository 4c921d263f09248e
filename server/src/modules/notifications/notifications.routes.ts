import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, Notification, NotificationListQuery, NotificationPage, ReadAllQuery, ReadAllResult, UnreadCount } from '@rectify/shared';
import { createNotificationsService } from './notifications.service.js';

/** The caller's in-app inbox. */
const notificationsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createNotificationsService({ db: fastify.db, clock: fastify.clock });
  const tags = ['notifications'];
  const config = { permission: 'notifications.read' as const };

  fastify.get('/api/notifications', {
    config,
    schema: { tags, summary: '我的通知（新的在前；unread=true 只看未读，kind 只看一类）', querystring: NotificationListQuery, response: { 200: NotificationPage, ...errorResponses } },
    handler: async (request) => service.list(request.user, request.query),
  });

  fastify.get('/api/notifications/unread-count', {
    config,
    schema: { tags, summary: '未读通知数', response: { 200: UnreadCount, ...errorResponses } },
    handler: async (request) => ({ unread: await service.unread(request.user) }),
  });

  fastify.post('/api/notifications/:id/read', {
    config,
    schema: { tags, summary: '标记一条通知为已读', params: IdParams, response: { 200: Notification, ...errorResponses } },
    handler: async (request) => service.markRead(request.user, request.params.id),
  });

  fastify.post('/api/notifications/read-all', {
    config,
    schema: { tags, summary: '全部标记为已读（可只标记某一类）', querystring: ReadAllQuery, response: { 200: ReadAllResult, ...errorResponses } },
    handler: async (request) => service.markAllRead(request.user, request.query.kind),
  });
};

export default notificationsRoutes;
