import { Type, type Static } from 'typebox';
import { apiTokenPermissions } from '../roles.js';
import { Id, Strict } from './common.js';

/** The secret's recognisable start: a leaked one is easy to search for, and the server tells it from a session. */
export const apiTokenPrefix = 'rtk_';

export const ApiTokenScope = Type.Union([Type.Literal('read'), Type.Literal('custom')], {
  description: '`read`: every reading permission a token may hold; `custom`: exactly the permissions named',
});
export const ApiTokenPermission = Type.Enum(apiTokenPermissions);
export const ApiTokenStatus = Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]);

export const ApiToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** The secret's first characters, to tell tokens apart; never the secret. */
  hint: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  scope: ApiTokenScope,
  permissions: Type.Array(ApiTokenPermission),
  expiresAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  createdByName: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  status: ApiTokenStatus,
});

export const CreateApiTokenBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 50 }),
  /** The organization whose subtree the token sees. */
  orgId: Id,
  scope: ApiTokenScope,
  /** Required, and only read, with the `custom` scope. */
  permissions: Type.Optional(Type.Array(ApiTokenPermission, { uniqueItems: true, maxItems: apiTokenPermissions.length })),
  expiresInDays: Type.Integer({ minimum: 1, maximum: 730 }),
});

/** The answer to a creation: the only time the secret is ever shown. */
export const CreatedApiToken = Type.Object({ token: ApiToken, secret: Type.String() });

export type ApiToken = Static<typeof ApiToken>;
export type ApiTokenScope = Static<typeof ApiTokenScope>;
export type ApiTokenStatus = Static<typeof ApiTokenStatus>;
export type CreateApiTokenBody = Static<typeof CreateApiTokenBody>;
export type CreatedApiToken = Static<typeof CreatedApiToken>;
