import { Type, type Static } from 'typebox';
import { Strict } from './common.js';
import { PASSWORD_MAX_LENGTH } from '../password-policy.js';

export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('supervisor'), Type.Literal('branch'), Type.Literal('viewer')]);

export const LoginBody = Strict({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
  /** Whose password this is: the local account's (the default) or the directory's (LDAP / Active Directory). */
  method: Type.Optional(Type.Union([Type.Literal('password'), Type.Literal('ldap')])),
});
// Long enough for an access token sent by mistake, so that it is refused as a token rather than as input.
export const RefreshBody = Strict({ refreshToken: Type.String({ minLength: 16, maxLength: 1024 }) });
export const LogoutBody = Strict({ refreshToken: Type.Optional(Type.String({ maxLength: 1024 })) });
export const ChangePasswordBody = Strict({
  oldPassword: Type.String({ minLength: 1, maxLength: 256 }),
  // Short ones reach the service, which answers `auth.weak_password` with the rule's problems like for any other.
  newPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
});

export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  orgId: Type.Integer(),
  orgName: Type.String(),
  permissions: Type.Array(Type.String()),
  /** The password was chosen by an administrator: the app opens nothing but the password change until it is replaced. */
  mustChangePassword: Type.Boolean(),
});

export const TokenPair = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer({ description: 'seconds until the access token expires' }),
  user: Me,
});

export type LoginBody = Static<typeof LoginBody>;
export type Me = Static<typeof Me>;
export type TokenPair = Static<typeof TokenPair>;
