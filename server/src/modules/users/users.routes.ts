import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreatedUser, CreateUserBody, errorResponses, IdParams, Page, ResetPasswordBody, ResetPasswordResponse, UpdateUserBody, User, UserListQuery } from '@rectify/shared';
import { createUsersService } from './users.service.js';
import profileRoutes from './profile.routes.js';

const usersRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createUsersService({ db: fastify.db });
  const tags = ['users'];

  fastify.get('/api/users', {
    config: { permission: 'users.read' },
    schema: { tags, querystring: UserListQuery, response: { 200: Page(User), ...errorResponses } },
    handler: async (request) => {
      const { users, total } = await service.list(request.user, request.query);
      return { items: users, total };
    },
  });

  fastify.get('/api/users/:id', {
    config: { permission: 'users.read' },
    schema: { tags, params: IdParams, response: { 200: User, ...errorResponses } },
    handler: async (request) => (await service.get(request.user, request.params.id)).user,
  });

  fastify.post('/api/users', {
    config: { permission: 'users.write' },
    schema: { tags, summary: '新建用户；未给密码时由服务器生成临时密码并仅此一次返回，首次登录须修改', body: CreateUserBody, response: { 201: CreatedUser, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send((await service.create(request.user, request.body)).user),
  });

  fastify.patch('/api/users/:id', {
    config: { permission: 'users.write' },
    schema: { tags, summary: '修改用户；停用、改角色或改组织会结束其所有会话', params: IdParams, body: UpdateUserBody, response: { 200: User, ...errorResponses } },
    handler: async (request) => (await service.update(request.user, request.params.id, request.body)).user,
  });

  fastify.post('/api/users/:id/password', {
    config: { permission: 'users.write' },
    schema: {
      tags,
      summary: '管理员重置密码；未给密码时由服务器生成临时密码并仅此一次返回；该用户的会话结束，下次登录须修改',
      params: IdParams,
      body: ResetPasswordBody,
      response: { 200: ResetPasswordResponse, ...errorResponses },
    },
    handler: async (request) => {
      const { temporaryPassword } = await service.resetPassword(request.user, request.params.id, request.body.password);
      return { ok: true as const, ...(temporaryPassword ? { temporaryPassword } : {}) };
    },
  });

  await fastify.register(profileRoutes);
};

export default usersRoutes;
