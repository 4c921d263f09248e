import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, LdapSettings, LdapTestResult, UpdateLdapSettingsBody } from '@rectify/shared';
import { createLdapService } from './ldap.service.js';

/** 系统管理 → 登录方式 → 目录登录: the top committee's administrator configures and tests the directory. */
const ldapRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = createLdapService({ db: fastify.db, log: fastify.log });
  const tags = ['sign-in'];

  fastify.get('/api/sign-in/ldap', {
    config: { permission: 'settings.write' },
    schema: { tags, summary: '目录登录（LDAP）设置；服务账号密码不返回', response: { 200: LdapSettings, ...errorResponses } },
    handler: async () => service.get(),
  });

  fastify.put('/api/sign-in/ldap', {
    config: { permission: 'settings.write' },
    schema: { tags, summary: '保存目录登录设置', body: UpdateLdapSettingsBody, response: { 200: LdapSettings, ...errorResponses } },
    handler: async (request) => service.update(request.body),
  });

  fastify.post('/api/sign-in/ldap/test', {
    config: { permission: 'settings.write' },
    schema: { tags, summary: '测试连接：用表单中的设置绑定服务账号并读取搜索基准，不保存', body: UpdateLdapSettingsBody, response: { 200: LdapTestResult, ...errorResponses } },
    handler: async (request) => service.test(request.body),
  });
};

export default ldapRoutes;
