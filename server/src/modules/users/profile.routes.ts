import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Profile, UpdateProfileBody } from '@rectify/shared';
import { createProfileService } from './profile.service.js';

/** One's own account (个人信息): anyone signed in reads it and changes their name and contact details. */
const profileRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createProfileService({ db: fastify.db });
  const tags = ['users'];

  fastify.get('/api/profile', {
    config: { permission: 'session' },
    schema: { tags, summary: '本人的个人信息', response: { 200: Profile, ...errorResponses } },
    handler: async (request) => (await service.get(request.user.id)).profile,
  });

  fastify.patch('/api/profile', {
    config: { permission: 'session' },
    schema: { tags, summary: '修改本人的姓名、手机号和邮箱', body: UpdateProfileBody, response: { 200: Profile, ...errorResponses } },
    handler: async (request) => (await service.update(request.user.id, request.body)).profile,
  });
};

export default profileRoutes;
