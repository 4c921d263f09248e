import { passwordProblems, type PasswordProblem } from '@rectify/shared';

/**
 * The parts of the password rule the browser can check as the user types: length and the username, from the same
 * module the server checks with (`shared/src/password-policy.ts`). Whether the password is a common one only the
 * server knows (its list is too large to send); it answers `auth.weak_password`.
 */
export { PASSWORD_MIN_LENGTH } from '@rectify/shared';

export type ClientPasswordProblem = Exclude<PasswordProblem, 'common'>;

export function clientPasswordProblems(password: string, username?: string): ClientPasswordProblem[] {
  return passwordProblems(password, { username }).filter((problem): problem is ClientPasswordProblem => problem !== 'common');
}
