/**
 * The password rule, applied whenever a password is set (account creation, reset by an administrator, change by
 * the user) and never to a password already in use. The browser checks and shows the parts here as the user types;
 * the server checks them again and also refuses passwords from a list of common ones, too large to send to the
 * browser (see `server/src/lib/password.ts`).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** Why a password was refused; sent as `details.problems` with `auth.weak_password`. */
export type PasswordProblem = 'too_short' | 'contains_username' | 'common';

/** Counted in characters, not UTF-16 units, so that 10 Chinese characters are 10. */
export const passwordLength = (password: string) => [...password].length;

/** The parts of the rule that need no list: length, and no username inside it (in any letter case). */
export function passwordProblems(password: string, { username }: { username?: string } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (passwordLength(password) < PASSWORD_MIN_LENGTH) problems.push('too_short');
  const name = username?.trim().toLowerCase();
  if (name && password.toLowerCase().includes(name)) problems.push('contains_username');
  return problems;
}
