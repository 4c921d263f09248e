import type { FormItemRule } from 'element-plus';
import type { CreateUserBody, Role, UpdateUserBody, User } from '@rectify/shared';

/** The create and edit dialog's fields, as the inputs hold them (empty strings, an unset role or organization). */
export interface UserForm {
  username: string;
  displayName: string;
  role: Role | '';
  orgId: number | undefined;
  phone: string;
  email: string;
  localSignIn: boolean;
}

/** The same rule as the API's username schema, so the dialog says it before the server does. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{2,64}$/;
/** A mainland mobile number (SMS notifications), optionally with +86. */
export const PHONE_PATTERN = /^(\+86)?1\d{10}$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const emptyForm = (): UserForm => ({ username: '', displayName: '', role: '', orgId: undefined, phone: '', email: '', localSignIn: true });

export const formFromUser = (user: User): UserForm => ({
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  orgId: user.orgId,
  phone: user.phone ?? '',
  email: user.email ?? '',
  localSignIn: user.localSignIn,
});

/** A cleared contact field is stored as no value, not as an empty string. */
export const emptyToNull = (value: string): string | null => value.trim() || null;

/** No password: the server generates a temporary one and answers it once. */
export function toCreateBody(form: UserForm): CreateUserBody {
  return {
    username: form.username.trim(),
    displayName: form.displayName.trim(),
    role: form.role as Role,
    orgId: form.orgId!,
    phone: emptyToNull(form.phone),
    email: emptyToNull(form.email),
    // Said only when it differs from the server's default, local passwords allowed.
    ...(form.localSignIn ? {} : { localSignIn: false }),
  };
}

/** Only what changed: an unchanged role or organization must not end the user's sessions. */
export function toUpdateBody(form: UserForm, user: User): UpdateUserBody {
  const body: UpdateUserBody = {};
  const displayName = form.displayName.trim();
  if (displayName !== user.displayName) body.displayName = displayName;
  if (form.role && form.role !== user.role) body.role = form.role;
  if (form.orgId !== undefined && form.orgId !== user.orgId) body.orgId = form.orgId;
  if (emptyToNull(form.phone) !== user.phone) body.phone = emptyToNull(form.phone);
  if (emptyToNull(form.email) !== user.email) body.email = emptyToNull(form.email);
  if (form.localSignIn !== user.localSignIn) body.localSignIn = form.localSignIn;
  return body;
}

const optionalMatching = (pattern: RegExp, message: string): FormItemRule => ({
  trigger: 'blur',
  validator: (_rule, value: string, callback) => callback(!value?.trim() || pattern.test(value.trim()) ? undefined : new Error(message)),
});

/** Mobile and e-mail may be left empty; when given they must be usable for notifications. */
export function contactRules(messages: { phone: string; email: string }): Record<'phone' | 'email', FormItemRule[]> {
  return { phone: [optionalMatching(PHONE_PATTERN, messages.phone)], email: [optionalMatching(EMAIL_PATTERN, messages.email)] };
}
