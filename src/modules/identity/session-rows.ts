import { query, sql } from '../../common/db/sql';
import type { Queryable } from '../../common/db/sql';
import type { Tx } from '../../platform/unit-of-work/unit-of-work';

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

/**
 * Ends the open sessions of a practitioner (all, or all but `keepSessionId`) with `reason`, and records
 * `session.ended` for each, so that their sockets close on every instance after the commit. Returns their ids.
 */
export async function endOpenSessions(
  tx: Pick<Tx, 'manager' | 'record'>,
  practitionerId: string,
  reason: string,
  keepSessionId: string | null = null,
): Promise<string[]> {
  const ended = await query<{ id: string }>(
    tx.manager,
    sql`WITH ended AS (
          UPDATE auth_session SET "revokedAt" = now(), "revokedReason" = ${reason}
           WHERE "practitionerId" = ${practitionerId} AND "revokedAt" IS NULL
             AND (${keepSessionId}::uuid IS NULL OR id <> ${keepSessionId}::uuid)
          RETURNING id)
        SELECT id FROM ended`,
  );
  for (const { id } of ended) tx.record('session.ended', { practitionerId, sessionId: id });
  return ended.map((r) => r.id);
}
