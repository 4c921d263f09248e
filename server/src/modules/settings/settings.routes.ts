import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Settings, UpdateSettingsBody } from '@rectify/shared';

const settingsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['settings'];

  fastify.get('/api/settings', {
    config: { permission: 'settings.read' },
    schema: { tags, summary: '系统设置：临期天数、延期次数上限', response: { 200: Settings, ...errorResponses } },
    handler: async () => fastify.settings.get(),
  });

  fastify.put('/api/settings', {
    config: { permission: 'settings.write' },
    schema: { tags, body: UpdateSettingsBody, response: { 200: Settings, ...errorResponses } },
    handler: async (request) => fastify.settings.update(request.body),
  });
};

export default settingsRoutes;
