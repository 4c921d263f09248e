import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { settings } from '../settings/settings.table.js';
import type { DirectoryConfig } from './ldap.directory.js';

const KEY = 'signin.ldap';

/** `signin.ldap` as stored: the administrator's fields and the service account's password. */
export interface StoredLdapSettings extends DirectoryConfig {
  enabled: boolean;
  label: string;
  createAccounts: { enabled: boolean; orgId: number | null };
}

export const defaultLdapSettings: StoredLdapSettings = {
  enabled: false,
  label: '目录账号登录',
  url: '',
  startTls: false,
  caCertPem: '',
  bindDn: '',
  bindPassword: '',
  searchBase: '',
  searchFilter: '(&(objectClass=person)(uid={{username}}))',
  usernameAttribute: 'uid',
  timeoutMs: 5000,
  createAccounts: { enabled: false, orgId: null },
};

export function createLdapRepository({ db }: { db: DbOrTx }) {
  return {
    /** Read on every directory sign-in rather than cached, so that a change applies at once on every instance. */
    async get(): Promise<StoredLdapSettings> {
      const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
      return { ...defaultLdapSettings, ...(row?.value as Partial<StoredLdapSettings> | undefined) };
    },

    async put(value: StoredLdapSettings) {
      await db
        .insert(settings)
        .values({ key: KEY, value })
        .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedAt: sql`now()` } });
    },
  };
}
