import { query, sql } from '../../common/db/sql';
import type { Queryable } from '../../common/db/sql';
import { newOpaqueToken, hashOpaqueToken, OPAQUE_TOKEN_PATTERN } from '../../common/auth/tokens';
import { seal } from '../../common/auth/sealed';
import { AppError } from '../../common/errors/errors';
import { ErrorCode } from '../../common/errors/error-code';
import type { AccountTokenPurpose } from './account-token.entity';

/** How long a link works. */
export const TOKEN_LIFETIME_MINUTES: Record<AccountTokenPurpose, number> = {
  'email-confirmation': 48 * 60,
  'password-reset': 30,
};

/** A forged, expired or used token: one answer for all three. */
export function invalidToken(): AppError {
  return new AppError(
    ErrorCode.BAD_USER_INPUT,
    'This link is invalid, expired or already used; ask for a new one.',
    {
      fields: [{ field: 'token', message: 'is invalid, expired or already used', reason: 'INVALID_TOKEN' }],
      reason: 'INVALID_TOKEN',
    },
  );
}

/** The stored hash of a token of the right shape; anything else is refused before a lookup. */
export function tokenHashOf(token: string): string {
  if (!OPAQUE_TOKEN_PATTERN.test(token)) throw invalidToken();
  return hashOpaqueToken(token);
}

/**
 * Issues a token in the caller's unit of work, replacing the unused ones of the same purpose (only the last
 * link sent works). Returns the token sealed for its `mail.requested` event.
 */
export async function issueAccountToken(
  db: Queryable,
  secret: string,
  practitionerId: string,
  purpose: AccountTokenPurpose,
  email: string | null = null,
): Promise<string> {
  const { token, hash } = newOpaqueToken();
  await query(
    db,
    sql`DELETE FROM account_token WHERE "practitionerId" = ${practitionerId} AND purpose = ${purpose} AND "usedAt" IS NULL`,
  );
  await query(
    db,
    sql`INSERT INTO account_token ("practitionerId", purpose, "tokenHash", email, "expiresAt")
        VALUES (${practitionerId}, ${purpose}, ${hash}, ${email},
                now() + make_interval(mins => ${TOKEN_LIFETIME_MINUTES[purpose]}))`,
  );
  return seal(token, secret);
}

/** A valid token's row (not used, not expired), without consuming it. */
export async function findAccountToken(
  db: Queryable,
  hash: string,
  purpose: AccountTokenPurpose,
): Promise<{ practitionerId: string; email: string | null } | null> {
  const [row] = await query<{ practitionerId: string; email: string | null }>(
    db,
    sql`SELECT "practitionerId", email FROM account_token
         WHERE "tokenHash" = ${hash} AND purpose = ${purpose} AND "usedAt" IS NULL AND "expiresAt" > now()`,
  );
  return row ?? null;
}

/**
 * Consumes a token atomically: of two requests with one token, one gets the row and the other null (the
 * UPDATE's row lock makes the second wait, then see `usedAt` set).
 */
export async function consumeAccountToken(
  db: Queryable,
  hash: string,
  purpose: AccountTokenPurpose,
): Promise<{ practitionerId: string; email: string | null } | null> {
  const [row] = await query<{ practitionerId: string; email: string | null }>(
    db,
    // In a CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count], a SELECT with the rows.
    sql`WITH used AS (
          UPDATE account_token SET "usedAt" = now()
           WHERE "tokenHash" = ${hash} AND purpose = ${purpose} AND "usedAt" IS NULL AND "expiresAt" > now()
          RETURNING "practitionerId", email)
        SELECT "practitionerId", email FROM used`,
  );
  return row ?? null;
}

/** BAD_USER_INPUT naming one field, with a stable `reason` in the field problem and in the extensions. */
export function inputRefused(field: string, message: string, reason: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${field} ${message}`, {
    fields: [{ field, message, reason }],
    reason,
  });
}
