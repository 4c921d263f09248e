import type { SignInMethodKind } from '@rectify/shared';

/** `signin.oidc` as stored, secret included. */
export interface StoredOidc {
  enabled: boolean;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  usernameClaim: string;
  createAccounts: { enabled: boolean; orgId: number | null };
}

export const defaultOrder: SignInMethodKind[] = ['password', 'oidc', 'ldap'];
export const defaultOidcLabel = '统一身份认证登录';

/**
 * The provider configured by environment (OIDC_ISSUER …): used until an administrator saves settings of their own,
 * so that a deployment can be set up without the web page. Without OIDC_ISSUER, OpenID Connect starts switched off.
 */
export function oidcFromEnv(env: NodeJS.ProcessEnv): StoredOidc {
  return {
    enabled: !!env.OIDC_ISSUER,
    label: env.OIDC_LABEL || defaultOidcLabel,
    issuer: env.OIDC_ISSUER ?? '',
    clientId: env.OIDC_CLIENT_ID ?? '',
    clientSecret: env.OIDC_CLIENT_SECRET ?? '',
    scopes: env.OIDC_SCOPES || 'openid profile',
    usernameClaim: env.OIDC_USERNAME_CLAIM || 'preferred_username',
    // Naming an organization for new accounts is what turns their creation on.
    createAccounts: { enabled: !!env.OIDC_CREATE_ACCOUNTS_ORG_ID, orgId: env.OIDC_CREATE_ACCOUNTS_ORG_ID ? Number(env.OIDC_CREATE_ACCOUNTS_ORG_ID) : null },
  };
}

/** The address the provider sends the browser back to: PUBLIC_URL when set, else the address the browser used. */
export function redirectUriFor({ publicUrl, requestOrigin }: { publicUrl: string | undefined; requestOrigin: string }) {
  return `${(publicUrl || requestOrigin).replace(/\/+$/, '')}/api/auth/oidc/callback`;
}
