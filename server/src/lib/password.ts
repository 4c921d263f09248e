import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_MIN_LENGTH, passwordLength, passwordProblems, type PasswordProblem } from '@rectify/shared';
import { AppError } from './app-error.js';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const options = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

// Verifying against this when the user does not exist keeps the timing of both answers alike.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-0');
  return dummyHash;
}

// zxcvbn-ts's list of about 49 000 passwords seen most often in breaches, all in lower case. Only the entries long
// enough to pass the length rule matter; loaded on first use, as it takes a few hundred milliseconds.
let commonPasswords: Promise<Set<string>> | undefined;
function loadCommonPasswords(): Promise<Set<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].filter((p) => passwordLength(p) >= PASSWORD_MIN_LENGTH)),
  );
  return commonPasswords;
}

export async function isCommonPassword(password: string): Promise<boolean> {
  return (await loadCommonPasswords()).has(password.toLowerCase());
}

/**
 * Refuses a password being set (creation, reset, change) that breaks the rule: the shared checks and the list of
 * common passwords. Passwords already in use are never re-checked, so existing accounts keep working.
 */
export async function assertPasswordAllowed(password: string, { username }: { username: string }): Promise<void> {
  const problems: PasswordProblem[] = passwordProblems(password, { username });
  if (await isCommonPassword(password)) problems.push('common');
  if (problems.length > 0) throw new AppError('auth.weak_password', { details: { problems } });
}
