import { BadUserInputError } from '../../common/errors/errors';

/** NIST SP 800-63B and OWASP: length, not composition; no upper bound below 64 (ours is 256). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** The common-password list shipped with @zxcvbn-ts/language-common (~49,000 entries), lower-cased. */
let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  if (!common) {
    // Loaded with the first password checked, not at start-up (its dictionaries took ~25 ms of every start).
    const { dictionary } =
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  }
  return common;
}

/** A password as it is hashed and compared: Unicode NFKC, so that one password typed two ways is one. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'COMMON' | 'CONTAINS_EMAIL';

/** What is wrong with a new password for an account with this address, or null. */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < PASSWORD_MIN) return 'TOO_SHORT';
  if (length > PASSWORD_MAX) return 'TOO_LONG';
  const lower = normalized.toLowerCase();
  if (commonPasswords().has(lower)) return 'COMMON';
  const address = email.trim().toLowerCase();
  const local = address.split('@')[0];
  if (lower.includes(address) || (local.length >= 4 && lower.includes(local))) return 'CONTAINS_EMAIL';
  return null;
}

const MESSAGES: Record<PasswordProblem, string> = {
  TOO_SHORT: `must be at least ${PASSWORD_MIN} characters long (a passphrase of several words is easiest)`,
  TOO_LONG: `must be at most ${PASSWORD_MAX} characters long`,
  COMMON: 'is one of the most common passwords: choose another',
  CONTAINS_EMAIL: 'must not contain your e-mail address',
};

/**
 * Checks a new password (registration, reset, change) and returns it normalised (NFKC), or throws
 * BAD_USER_INPUT naming the field, with `reason` in the field problem and in the extensions.
 */
export function checkNewPassword(password: string, email: string, field = 'password'): string {
  const problem = passwordProblem(password, email);
  if (problem) {
    const error = new BadUserInputError(`Invalid input: ${field} ${MESSAGES[problem]}`, [
      { field, message: MESSAGES[problem], reason: problem },
    ]);
    error.extensions.reason = problem;
    throw error;
  }
  return normalizePassword(password);
}
