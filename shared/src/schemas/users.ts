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
  createdAt: Type.String(),
});

export const UserListQuery = Strict({
  ...PageQuery,
  orgId: Type.Optional(Id),
  role: Type.Optional(RoleSchema),
  q: Type.Optional(Type.String({ maxLength: 64 })),
});

const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' });
const Phone = Type.Union([Type.String({ maxLength: 32 }), Type.Null()]);
const Email = Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()]);

export const CreateUserBody = Strict({
  username: Username,
  displayName: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 8, maxLength: 256 }),
  role: RoleSchema,
  orgId: Id,
  phone: Type.Optional(Phone),
  email: Type.Optional(Email),
});

export const UpdateUserBody = Strict({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  role: Type.Optional(RoleSchema),
  orgId: Type.Optional(Id),
  phone: Type.Optional(Phone),
  email: Type.Optional(Email),
  disabled: Type.Optional(Type.Boolean()),
});

export const ResetPasswordBody = Strict({ password: Type.String({ minLength: 8, maxLength: 256 }) });

export type User = Static<typeof User>;
export type CreateUserBody = Static<typeof CreateUserBody>;
export type UpdateUserBody = Static<typeof UpdateUserBody>;
