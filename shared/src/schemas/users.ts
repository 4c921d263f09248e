import { Type, type Static } from 'typebox';
import { RoleSchema } from './auth.js';
import { Id, PageQuery, Strict } from './common.js';

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  orgId: Type.Integer(),
  orgName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  /** Still on a password an administrator set (new account or reset). */
  mustChangePassword: Type.Boolean(),
  /** May sign in with a local password (`users.password_login`); false: only through single sign-on or the directory. */
  localSignIn: Type.Boolean(),
  createdAt: Type.String(),
});

export const UserStateSchema = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);

/** A created user; `temporaryPassword` is there, once, when the server generated the password. */
export const CreatedUser = Type.Object({ ...User.properties, temporaryPassword: Type.Optional(Type.String()) });

export const UserListQuery = Strict({
  ...PageQuery,
  orgId: Type.Optional(Id),
  role: Type.Optional(RoleSchema),
  q: Type.Optional(Type.String({ maxLength: 64 })),
  state: Type.Optional(UserStateSchema),
});

const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' });
const Phone = Type.Union([Type.String({ maxLength: 32 }), Type.Null()]);
const Email = Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()]);

export const CreateUserBody = Strict({
  username: Username,
  displayName: Type.String({ minLength: 1, maxLength: 64 }),
  /** Omitted: the server generates a temporary password and answers it once. Either way it must be changed at sign-in. */
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 256 })),
  role: RoleSchema,
  orgId: Id,
  phone: Type.Optional(Phone),
  email: Type.Optional(Email),
  localSignIn: Type.Optional(Type.Boolean()),
});

export const UpdateUserBody = Strict({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  role: Type.Optional(RoleSchema),
  orgId: Type.Optional(Id),
  phone: Type.Optional(Phone),
  email: Type.Optional(Email),
  disabled: Type.Optional(Type.Boolean()),
  localSignIn: Type.Optional(Type.Boolean()),
});

/** Omitted password: the server generates a temporary one. Either way the user must change it at the next sign-in. */
export const ResetPasswordBody = Strict({ password: Type.Optional(Type.String({ minLength: 8, maxLength: 256 })) });
export const ResetPasswordResponse = Type.Object({ ok: Type.Literal(true), temporaryPassword: Type.Optional(Type.String()) });

/** One's own account as 个人信息 shows it. */
export const Profile = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  orgName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
});

/** What a user may change about themselves; role, organization and state are the administrator's. */
export const UpdateProfileBody = Strict({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  phone: Type.Optional(Phone),
  email: Type.Optional(Email),
});
export type User = Static<typeof User>;
export type CreatedUser = Static<typeof CreatedUser>;
export type UserState = Static<typeof UserStateSchema>;
export type Profile = Static<typeof Profile>;
export type UpdateProfileBody = Static<typeof UpdateProfileBody>;
export type CreateUserBody = Static<typeof CreateUserBody>;
export type UpdateUserBody = Static<typeof UpdateUserBody>;
