import crypto from 'node:crypto';

/**
 * Sealing a secret that must travel through the database for a short while (the token of an e-mail link,
 * in its outbox event, until the message is sent): AES-256-GCM with a key derived (HKDF) from the server's
 * secret, so that a copy of the database alone does not reveal it.
 */
function keyOf(secret: string): Buffer {
  return derivedKey(secret, 'sealed-secrets-v1');
}

/** A 256-bit key for one purpose (`info`), derived (HKDF-SHA256) from the server's secret. */
export function derivedKey(secret: string, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'praxis', purpose, 32));
}

export function seal(value: string, secret: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The sealed value, or null when it was not sealed with this secret (or was altered). */
export function unseal(sealed: string, secret: string): string | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = crypto.createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
