import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** TOTP as every authenticator app reads it: SHA-1, 6 digits, 30 seconds (RFC 6238 defaults). */
const PERIOD = 30;
const ISSUER = 'Praxis';
/** A code of the step before or after the current one is accepted too (clock drift). */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes that end a login challenge. */
export const LOGIN_CHALLENGE_MAX_FAILURES = 5;

function totpOf(base32: string, label = 'account'): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(base32),
  });
}

/** A fresh secret (160 bits) and its `otpauth://` URI for the account's address. */
export function newTotpSecret(email: string): { base32: string; uri: string } {
  const base32 = new Secret({ size: 20 }).base32;
  return { base32, uri: totpOf(base32, email).toString() };
}

/** Whether `code` looks like a TOTP code (six digits, spaces allowed) rather than a recovery code. */
export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''));
}

/** The time step a TOTP code is valid for (now, or one step either side), or null when it is wrong. */
export function totpStep(base32: string, code: string, now = Date.now()): number | null {
  const totp = totpOf(base32);
  const token = code.replace(/\s/g, '');
  const delta = totp.validate({ token, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return null;
  return totp.counter({ timestamp: now }) + delta;
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i
/** Ten codes of 10 characters (about 49 bits each), written `xxxxx-xxxxx`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The stored form of a recovery code: HMAC-SHA256 under the server's secret, of the code without separators. */
export function recoveryCodeHash(code: string, secret: string): string {
  const normalized = code.toLowerCase().replace(/[\s-]/g, '');
  return crypto.createHmac('sha256', secret).update(`recovery-code:${normalized}`).digest('hex');
}
