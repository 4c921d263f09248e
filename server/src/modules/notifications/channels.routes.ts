import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Channel, ChannelTestResult, CreateChannelBody, Delivery, DeliveryListQuery, errorResponses, IdParams, OkResponse, Page, UpdateChannelBody } from '@rectify/shared';
import { createAddressPolicy } from '../../lib/outbound/address-policy.js';
import { createChannelsService } from './channels.service.js';

/** Outbound channels (DingTalk, WeCom, webhook, e-mail), configured by administrators. */
const channelsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const outbound = { policy: createAddressPolicy({ allow: fastify.config.outboundAllow }) };
  const service = createChannelsService({ db: fastify.db, clock: fastify.clock, outbound });
  const tags = ['notification-channels'];

  fastify.get('/api/notification-channels', {
    config: { permission: 'channels.read' },
    schema: { tags, summary: '通知渠道列表（密钥不返回）', response: { 200: Type.Object({ items: Type.Array(Channel) }), ...errorResponses } },
    handler: async (request) => service.list(request.user),
  });

  fastify.get('/api/notification-channels/:id', {
    config: { permission: 'channels.read' },
    schema: { tags, summary: '通知渠道详情', params: IdParams, response: { 200: Channel, ...errorResponses } },
    handler: async (request) => service.get(request.user, request.params.id),
  });

  fastify.post('/api/notification-channels', {
    config: { permission: 'channels.write' },
    schema: { tags, summary: '新建通知渠道：钉钉/企业微信机器人、Webhook、SMTP 邮件', body: CreateChannelBody, response: { 201: Channel, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send(await service.create(request.user, request.body)),
  });

  fastify.patch('/api/notification-channels/:id', {
    config: { permission: 'channels.write' },
    schema: { tags, summary: '修改通知渠道（未给出的字段不变；密钥设为 null 即清除）', params: IdParams, body: UpdateChannelBody, response: { 200: Channel, ...errorResponses } },
    handler: async (request) => service.update(request.user, request.params.id, request.body),
  });

  fastify.delete('/api/notification-channels/:id', {
    config: { permission: 'channels.write' },
    schema: { tags, summary: '删除通知渠道（连同其发送队列和记录）', params: IdParams, response: { 200: OkResponse, ...errorResponses } },
    handler: async (request) => {
      await service.remove(request.user, request.params.id);
      return { ok: true as const };
    },
  });

  fastify.post('/api/notification-channels/:id/test', {
    config: { permission: 'channels.write' },
    schema: { tags, summary: '立即发送一条测试消息，返回对方的状态码（机器人另返回 errcode/errmsg），不返回应答内容', params: IdParams, response: { 200: ChannelTestResult, ...errorResponses } },
    handler: async (request) => service.test(request.user, request.params.id),
  });

  fastify.get('/api/notification-channels/:id/deliveries', {
    config: { permission: 'channels.read' },
    schema: { tags, summary: '发送队列与每次尝试的记录', params: IdParams, querystring: DeliveryListQuery, response: { 200: Page(Delivery), ...errorResponses } },
    handler: async (request) => service.deliveries(request.user, request.params.id, request.query),
  });
};

export default channelsRoutes;
