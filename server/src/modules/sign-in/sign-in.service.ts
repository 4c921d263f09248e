import type { OidcSettings, SignInMethodKind, SignInMethods, UpdateOidcSettingsBody } from '@rectify/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/app-error.js';
import { createOrgsRepository } from '../orgs/orgs.repository.js';
import { defaultOrder, oidcFromEnv, type StoredOidc } from './sign-in.config.js';
import { createSignInRepository } from './sign-in.repository.js';

const keys = { order: 'signin.methods', oidc: 'signin.oidc', ldap: 'signin.ldap' } as const;

interface Deps {
  db: Db;
  env?: NodeJS.ProcessEnv;
}

export function createSignInService({ db, env = process.env }: Deps) {
  const repo = createSignInRepository({ db });

  async function order(): Promise<SignInMethodKind[]> {
    const { values } = await repo.read([keys.order]);
    return (values[keys.order] as { order?: SignInMethodKind[] } | undefined)?.order ?? defaultOrder;
  }

  /** The provider settings in force: the administrator's when saved, else the environment's. */
  async function oidc(): Promise<StoredOidc> {
    const { values } = await repo.read([keys.oidc]);
    const fromEnv = oidcFromEnv(env);
    const stored = values[keys.oidc] as StoredOidc | undefined;
    // A secret given by environment stays in force when the administrator saved the rest without one.
    return stored ? { ...stored, clientSecret: stored.clientSecret || fromEnv.clientSecret } : fromEnv;
  }

  /** Whether the provider settings are complete enough to try. */
  const usable = (o: StoredOidc) => o.enabled && !!o.issuer && !!o.clientId;

  return {
    order,
    oidc,
    usable,

    async setOrder(next: SignInMethodKind[]) {
      await repo.write(keys.order, { order: next });
      return { order: next };
    },

    /** The ways in, enabled ones only, in the administrator's order: what the sign-in page offers. */
    async methods(): Promise<SignInMethods> {
      const [kinds, provider, { values }] = await Promise.all([order(), oidc(), repo.read([keys.ldap])]);
      const ldap = values[keys.ldap] as { enabled?: boolean; label?: string } | undefined;
      const methods: SignInMethods['methods'] = [];
      for (const kind of kinds) {
        if (kind === 'password') methods.push({ kind });
        if (kind === 'oidc' && usable(provider)) methods.push({ kind, label: provider.label });
        if (kind === 'ldap' && ldap?.enabled) methods.push({ kind, label: ldap.label || '目录账号登录' });
      }
      return { methods };
    },

    view(o: StoredOidc, redirectUri: string): OidcSettings {
      const { clientSecret, ...rest } = o;
      return { ...rest, hasClientSecret: !!clientSecret, redirectUri };
    },

    async setOidc(body: UpdateOidcSettingsBody): Promise<StoredOidc> {
      const current = await oidc();
      const { clientSecret, clearClientSecret, ...rest } = body;
      if (rest.createAccounts.enabled) {
        if (rest.createAccounts.orgId === null) throw new AppError('common.validation', { message: '请选择新建账号所属的组织' });
        const { org } = await createOrgsRepository({ db }).findById(rest.createAccounts.orgId);
        if (!org) throw new AppError('orgs.not_found');
      }
      if (rest.enabled && (!rest.issuer || !rest.clientId)) throw new AppError('common.validation', { message: '启用统一身份认证须填写签发者地址和客户端 ID' });
      if (rest.issuer && !/^https?:\/\/[^\s]+$/.test(rest.issuer)) throw new AppError('common.validation', { message: '签发者地址须以 https:// 或 http:// 开头' });
      const next: StoredOidc = { ...rest, clientSecret: clearClientSecret ? '' : clientSecret || current.clientSecret };
      await repo.write(keys.oidc, next);
      return next;
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
