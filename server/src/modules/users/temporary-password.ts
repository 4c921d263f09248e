import { randomInt } from 'node:crypto';

// No 0/O, 1/l/I: the password is read off a screen and typed in by someone else.
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALPHABET = LETTERS + DIGITS;
const LENGTH = 12;

/**
 * A one-time password for a new or reset account: 12 characters drawn with the CSPRNG (about 70 bits), with at
 * least one letter and one digit so that it passes the password rule like any other. It is shown once and must be
 * replaced at the next sign-in.
 */
export function generateTemporaryPassword(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  const digitAt = randomInt(LENGTH);
  const letterAt = (digitAt + 1 + randomInt(LENGTH - 1)) % LENGTH;
  chars[digitAt] = DIGITS[randomInt(DIGITS.length)];
  chars[letterAt] = LETTERS[randomInt(LETTERS.length)];
  return chars.join('');
}
