import { Type, type Static } from 'typebox';
import { Id, Strict } from './common.js';

/** Accounts created on a first directory sign-in, in the organization chosen, with the viewer role. */
const LdapCreateAccounts = Strict({ enabled: Type.Boolean(), orgId: Type.Union([Id, Type.Null()]) });

const ldapFields = {
  enabled: Type.Boolean(),
  label: Type.String({ minLength: 1, maxLength: 40 }),
  /** Scheme, host and port only, as ldapts takes them. */
  url: Type.String({ maxLength: 300, pattern: '^$|^ldaps?://([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?/?$', description: 'ldap://host:389 or ldaps://host:636' }),
  /** Upgrade an ldap:// connection with StartTLS before sending any password. */
  startTls: Type.Boolean(),
  /** The CA that signed the directory's certificate (PEM); empty trusts the system's CAs. */
  caCertPem: Type.String({ maxLength: 20000 }),
  bindDn: Type.String({ maxLength: 500, description: 'the service account that searches for the user' }),
  searchBase: Type.String({ maxLength: 500 }),
  searchFilter: Type.String({ maxLength: 500, description: '{{username}} stands for the escaped username typed in' }),
  /** The directory attribute holding the local username (uid, sAMAccountName…). */
  usernameAttribute: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z][A-Za-z0-9-]*$' }),
  timeoutMs: Type.Integer({ minimum: 1000, maximum: 30000 }),
  createAccounts: LdapCreateAccounts,
};

/** `signin.ldap` as the administrator sees it: the service account's password is never sent back. */
export const LdapSettings = Type.Object({ ...ldapFields, hasBindPassword: Type.Boolean() });

/** An absent or empty `bindPassword` keeps the stored one; `clearBindPassword` removes it. */
export const UpdateLdapSettingsBody = Strict({
  ...ldapFields,
  bindPassword: Type.Optional(Type.String({ maxLength: 1000 })),
  clearBindPassword: Type.Optional(Type.Boolean()),
});

/** What “测试连接” found: `ok` when the service account could bind and search the base. */
export const LdapTestResult = Type.Object({ ok: Type.Boolean(), message: Type.String() });

export type LdapSettings = Static<typeof LdapSettings>;
export type UpdateLdapSettingsBody = Static<typeof UpdateLdapSettingsBody>;
export type LdapTestResult = Static<typeof LdapTestResult>;
