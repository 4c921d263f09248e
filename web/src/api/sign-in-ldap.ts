import type { LdapSettings, LdapTestResult, UpdateLdapSettingsBody } from '@rectify/shared';
import { api } from './index';

/** 系统管理 → 登录方式 → 目录登录 (LDAP / Active Directory). */
export const ldapSettingsApi = {
  get: () => api.get<LdapSettings>('/api/sign-in/ldap'),
  update: (body: UpdateLdapSettingsBody) => api.put<LdapSettings>('/api/sign-in/ldap', body),
  test: (body: UpdateLdapSettingsBody) => api.post<LdapTestResult>('/api/sign-in/ldap/test', body),
};
