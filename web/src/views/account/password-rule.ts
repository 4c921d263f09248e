/**
 * The parts of the password rule the browser can check as the user types: length and the username. Whether the
 * password is a common one only the server knows (its list is too large to send); it answers `auth.weak_password`.
 */
export const PASSWORD_MIN_LENGTH = 10;

export type ClientPasswordProblem = 'too_short' | 'contains_username';

/** Counted in characters, not UTF-16 units, so that 10 Chinese characters are 10. */
export function clientPasswordProblems(password: string, username?: string): ClientPasswordProblem[] {
  const problems: ClientPasswordProblem[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  const name = username?.trim().toLowerCase();
  if (name && password.toLowerCase().includes(name)) problems.push('contains_username');
  return problems;
}
