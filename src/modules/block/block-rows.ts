import { query, sql } from '../../common/db/sql';
import type { Queryable, Sql } from '../../common/db/sql';

/**
 * The block module's tables as other modules may use them: these functions and fragments, never the table
 * itself.
 */

/** Whether either of two practitioners blocked the other (one query; other modules check it before acting). */
export async function isBlockedBetween(db: Queryable, a: string, b: string): Promise<boolean> {
  if (!a || !b || a === b) return false;
  const rows = await query(
    db,
    sql`SELECT 1 FROM practitioner_block WHERE ("blockerId" = ${a} AND "blockedId" = ${b})
        OR ("blockerId" = ${b} AND "blockedId" = ${a}) LIMIT 1`,
  );
  return rows.length > 0;
}

/** A statement selecting, as `id`, the practitioners `practitionerId` blocks or is blocked by. */
export function blockedEitherWaySql(practitionerId: string): Sql {
  return sql`SELECT "blockedId" AS id FROM practitioner_block WHERE "blockerId" = ${practitionerId}
         UNION SELECT "blockerId" FROM practitioner_block WHERE "blockedId" = ${practitionerId}`;
}

/**
 * A statement selecting, as (`viewerId`, `id`), the practitioners each of `practitionerIds` blocks or is
 * blocked by (blockedEitherWaySql for many practitioners at once).
 */
export function blockedEitherWayOfManySql(practitionerIds: readonly string[]): Sql {
  return sql`SELECT "blockerId" AS "viewerId", "blockedId" AS id FROM practitioner_block
         WHERE "blockerId" = ANY(${[...practitionerIds]}::uuid[])
         UNION SELECT "blockedId", "blockerId" FROM practitioner_block
         WHERE "blockedId" = ANY(${[...practitionerIds]}::uuid[])`;
}

/**
 * A subquery selecting the practitioners `practitioner` (an SQL expression: a column or a bound parameter)
 * blocks or is blocked by (the SQL form of blockedEitherWaySql, for a statement that reads it in a column).
 */
export function blockedEitherWayIdsSql(practitioner: string): string {
  return `SELECT "blockedId" FROM practitioner_block WHERE "blockerId" = ${practitioner}
         UNION SELECT "blockerId" FROM practitioner_block WHERE "blockedId" = ${practitioner}`;
}

// SQL forms for statements of other modules (feeds, live audiences, notifications). Like the policies' SQL
// forms they take SQL expressions (a bound parameter or a column), never values.

/** TRUE when either of the practitioners `a` and `b` blocked the other: two primary-key probes. */
export function blockedBetweenSql(a: string, b: string): string {
  return `(EXISTS (SELECT 1 FROM practitioner_block b WHERE b."blockerId" = ${a} AND b."blockedId" = ${b})
          OR EXISTS (SELECT 1 FROM practitioner_block b WHERE b."blockerId" = ${b} AND b."blockedId" = ${a}))`;
}

/** A subquery of the practitioners `muter` muted (as `mutedId`). */
export function mutedPractitionerIdsSql(muter: string): string {
  return `SELECT pm."mutedId" FROM practitioner_mute pm WHERE pm."muterId" = ${muter}`;
}

/** TRUE when `muter` muted the practitioner `muted`. */
export function mutesPractitionerSql(muter: string, muted: string): string {
  return `EXISTS (SELECT 1 FROM practitioner_mute pm WHERE pm."muterId" = ${muter} AND pm."mutedId" = ${muted})`;
}

/** `JOIN network_mute nm` on the networks `network` (a column) that `muter` muted. */
export function networkMuteJoinSql(network: string, muter: string): string {
  return `JOIN network_mute nm ON nm."networkId" = ${network} AND nm."muterId" = ${muter}`;
}

/** TRUE when `muter` muted the network `network`. */
export function mutesNetworkSql(muter: string, network: string): string {
  return `EXISTS (SELECT 1 FROM network_mute nm WHERE nm."muterId" = ${muter} AND nm."networkId" = ${network})`;
}
