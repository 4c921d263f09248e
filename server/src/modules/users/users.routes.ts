import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateUserBody, errorResponses, IdParams, OkResponse, Page, ResetPasswordBody, UpdateUserBody, User, UserListQuery } from '@rectify/shared';
import { createUsersService } from './users.service.js';

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
    schema: { tags, body: CreateUserBody, response: { 201: User, ...errorResponses } },
    handler: async (request, reply) => reply.status(201).send((await service.create(request.user, request.body)).user),
  });

  fastify.patch('/api/users/:id', {
    config: { permission: 'users.write' },
    schema: { tags, summary: '修改用户；停用、改角色或改组织会结束其所有会话', params: IdParams, body: UpdateUserBody, response: { 200: User, ...errorResponses } },
    handler: async (request) => (await service.update(request.user, request.params.id, request.body)).user,
  });

  fastify.post('/api/users/:id/password', {
    config: { permission: 'users.write' },
    schema: { tags, summary: '管理员重置密码', params: IdParams, body: ResetPasswordBody, response: { 200: OkResponse, ...errorResponses } },
    handler: async (request) => {
      await service.resetPassword(request.user, request.params.id, request.body.password);
      return { ok: true as const };
    },
  });
};

export default usersRoutes;
