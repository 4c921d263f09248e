import { Type, type Static } from 'typebox';
import { Id, Strict } from './common.js';

/** The ways in an administrator can offer; the sign-in page shows the enabled ones in the order they chose. */
export const SignInMethodKind = Type.Union([Type.Literal('password'), Type.Literal('oidc'), Type.Literal('ldap')]);

export const SignInMethods = Type.Object({
  methods: Type.Array(
    Type.Union([
      Type.Object({ kind: Type.Literal('password') }),
      Type.Object({ kind: Type.Literal('oidc'), label: Type.String() }),
      Type.Object({ kind: Type.Literal('ldap'), label: Type.String() }),
    ]),
  ),
});

/** `signin.methods`: the order of the ways in; a way left out is not offered (password included). */
export const SignInOrder = Strict({ order: Type.Array(SignInMethodKind, { minItems: 1, maxItems: 3, uniqueItems: true }) });

/** Accounts created on a first sign-in, in the organization chosen, with the viewer role. */
export const SignInCreateAccounts = Strict({ enabled: Type.Boolean(), orgId: Type.Union([Id, Type.Null()]) });

const oidcFields = {
  enabled: Type.Boolean(),
  label: Type.String({ minLength: 1, maxLength: 40 }),
  issuer: Type.String({ maxLength: 500 }),
  clientId: Type.String({ maxLength: 300 }),
  scopes: Type.String({ maxLength: 500, description: 'space-separated; openid is always asked for' }),
  usernameClaim: Type.String({ minLength: 1, maxLength: 100 }),
  createAccounts: SignInCreateAccounts,
};

/** `signin.oidc` as the administrator sees it: the client secret is never sent back, only whether one is set. */
export const OidcSettings = Type.Object({
  ...oidcFields,
  hasClientSecret: Type.Boolean(),
  /** The address to register at the provider as the redirect URI. */
  redirectUri: Type.String(),
});

/** An empty or absent `clientSecret` keeps the stored one; `clearClientSecret` removes it (a public client). */
export const UpdateOidcSettingsBody = Strict({
  ...oidcFields,
  clientSecret: Type.Optional(Type.String({ maxLength: 1000 })),
  clearClientSecret: Type.Optional(Type.Boolean()),
});

/** The one-time code the sign-in page gets back from the provider's round trip, exchanged for the session. */
export const OidcExchangeBody = Strict({ code: Type.String({ minLength: 16, maxLength: 200 }) });

/** What signing out returned: where to send the browser to end the provider's session too, when it supports that. */
export const LogoutResult = Type.Object({ ok: Type.Literal(true), providerLogoutUrl: Type.Optional(Type.String()) });

export type SignInMethodKind = Static<typeof SignInMethodKind>;
export type SignInMethods = Static<typeof SignInMethods>;
export type SignInOrder = Static<typeof SignInOrder>;
export type OidcSettings = Static<typeof OidcSettings>;
export type UpdateOidcSettingsBody = Static<typeof UpdateOidcSettingsBody>;
export type LogoutResult = Static<typeof LogoutResult>;
