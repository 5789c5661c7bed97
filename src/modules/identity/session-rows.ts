import { query, sql } from '../../common/db/sql';
import type { Queryable } from '../../common/db/sql';

/**
 * Expires the unused refresh tokens of every session of a practitioner (a suspension does this in its unit
 * of work): the identity module's tables stay its own.
 */
export async function expireRefreshTokensOf(db: Queryable, practitionerId: string): Promise<void> {
  await query(
    db,
    sql`UPDATE refresh_token t SET "expiresAt" = now() FROM auth_session s
        WHERE t."sessionId" = s.id AND s."practitionerId" = ${practitionerId}
          AND t."usedAt" IS NULL AND t."expiresAt" > now()`,
  );
}
